/**
 * Imports every module named on the command line and prints `import <name>: <export count>`, or
 * `import <name>: needs <package>` when it needs a package that is not installed (an optional
 * peer dependency such as core/testing's vitest and fast-check). Run by
 * test/pack-install.int.test.ts inside the throwaway app.
 */
for (const name of process.argv.slice(2)) {
  try {
    const module: object = await import(name);
    console.log(`import ${name}: ${Object.keys(module).length}`);
  } catch (error) {
    const missing = /Cannot find (?:package|module) '([^']+)'/.exec(String(error))?.[1];
    if (!missing) throw error;
    console.log(`import ${name}: needs ${missing}`);
  }
}

export {};
