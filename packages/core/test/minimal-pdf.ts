/** Options of {@link minimalPdf}. */
export interface MinimalPdfOptions {
  /** The document info's `/Title`. */
  title?: string;
  /**
   * Declare the file encrypted (standard security handler, revision 2) with a `/U` entry that
   * matches no password, so readers ask for one: an encrypted PDF without its password.
   */
  encrypted?: boolean;
}

/**
 * Builds a small, valid PDF (Helvetica text, one content stream per page, correct xref offsets)
 * so converter tests need no downloaded fixture (`make-pdf-fixtures.ts` writes the committed ones).
 */
export function minimalPdf(pages: readonly string[][], info: MinimalPdfOptions = {}): Uint8Array {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  pages.forEach((lines, i) => {
    const pdfString = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
    const stream = `BT /F1 12 Tf 72 720 Td 14 TL ${lines.map((l) => `(${pdfString(l)}) Tj T*`).join(' ')} ET`;
    objects[pageIds[i] as number] =
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> ' +
      `/Contents ${(pageIds[i] as number) + 1} 0 R >>`;
    objects[(pageIds[i] as number) + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  const infoId = objects.length;
  objects[infoId] = info.title ? `<< /Title (${info.title}) /Producer (synapse test) >>` : '<< /Producer (synapse test) >>';
  const encryptId = objects.length;
  if (info.encrypted) {
    const hex = (byte: number) => byte.toString(16).padStart(2, '0').repeat(32);
    objects[encryptId] = `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${hex(0x4f)}> /U <${hex(0x55)}> >>`;
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  const encrypt = info.encrypted ? ` /Encrypt ${encryptId} 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>]` : '';
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info ${infoId} 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
