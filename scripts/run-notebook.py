#!/usr/bin/env python3
"""Executes a Jupyter notebook headless with nbclient and prints its code cells' outputs as JSON.

Usage: python3 scripts/run-notebook.py NOTEBOOK [--kernel tslab] [--timeout 120]

The notebook file is not modified (it stays committed with outputs stripped). Prints
{"cells": [{"source": ..., "outputs": [text, ...]}, ...], "error": null | "..."} and exits 1 when
a cell fails. The working directory of the kernel is the current directory.
"""
import argparse
import json
import os
import sys

import nbclient
import nbformat


def text_of(output):
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return f"{output.get('ename')}: {output.get('evalue')}"
    data = output.get("data", {})
    return data.get("text/plain", "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("--kernel", default="tslab")
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args()
    nb = nbformat.read(args.notebook, as_version=4)
    client = nbclient.NotebookClient(
        nb, kernel_name=args.kernel, timeout=args.timeout, resources={"metadata": {"path": os.getcwd()}}
    )
    error = None
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        error = str(exc)
    cells = [
        {"source": "".join(c.source), "outputs": [text_of(o) for o in c.get("outputs", [])]}
        for c in nb.cells
        if c.cell_type == "code"
    ]
    json.dump({"cells": cells, "error": error}, sys.stdout)
    sys.stdout.write("\n")
    return 1 if error else 0


if __name__ == "__main__":
    sys.exit(main())
