import type { ReportModel } from '../aggregate/report-model.js';
import { fill } from './fill.js';
import { formatters } from './format.js';
import type { ReportLocale } from './locale.js';

/** Document information a PDF carries besides its title (which Chromium takes from the HTML `<title>`). */
export interface PdfInfo {
  author: string;
  subject: string;
  keywords: string;
}

/**
 * The report's metadata as PDF document information, in the report's
 * language: the coordinator (else the campaign) as author; the phase, its
 * period, the version, issue date and contact point as subject; the
 * participating agencies (else countries) as keywords.
 */
export function pdfInfoOf(model: ReportModel, loc: ReportLocale): PdfInfo {
  const f = formatters(loc);
  const L = (k: string) => loc.labels[k] ?? k;
  const phase = `${fill(L('phaseOf'), { n: String(model.phase.number), of: String(model.phase.of) })}${model.phase.subtitle ? `: ${model.phase.subtitle}` : ''}`;
  const subject = [
    `${L('report')} — ${phase} (${f.date(model.phase.start)} – ${f.date(model.phase.end)})`,
    ...(model.report.version ? [`${L('version')} ${model.report.version}`] : []),
    `${L('issued')} ${f.date(model.report.issued)}`,
    ...(model.report.contact ? [`${L('contact')}: ${model.report.contact}`] : []),
  ].join('; ');
  const keywords = model.report.agencies.length > 0 ? model.report.agencies : model.campaign.participants.map((c) => f.country(c));
  return { author: model.campaign.coordinator ?? model.campaign.name, subject, keywords: keywords.join('; ') };
}

/** A PDF text string: UTF-16BE with a byte-order mark, in hex (any language, nothing to escape). */
export function pdfText(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/**
 * Adds Author, Subject and Keywords to a PDF's document information by an
 * incremental update (a new information dictionary, a cross-reference section
 * for it and a trailer pointing back to the previous one, appended): the bytes
 * Chromium wrote are left as they are, so its cross-reference offsets hold.
 * Returns the PDF unchanged when its trailer cannot be read (a classic
 * trailer with /Root, /Info and startxref is what Chromium writes).
 */
export function addPdfInfo(pdf: Buffer, info: PdfInfo): Buffer {
  const text = pdf.toString('latin1');
  const trailerAt = text.lastIndexOf('trailer');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (trailerAt < 0 || !startxref) return pdf;
  const trailer = text.slice(trailerAt, startxref.index);
  const size = /\/Size (\d+)/.exec(trailer);
  const root = /\/Root (\d+ \d+ R)/.exec(trailer);
  const infoRef = /\/Info (\d+) (\d+) R/.exec(trailer);
  if (!size || !root || !infoRef) return pdf;
  const old = new RegExp(`(?:^|\\n)${infoRef[1]} ${infoRef[2]} obj\\s*<<([\\s\\S]*?)>>\\s*endobj`).exec(text);
  if (!old) return pdf;
  // The old entries but those replaced, then ours.
  const kept = old[1]!.replace(/\/(Author|Subject|Keywords) (<[0-9A-Fa-f]*>|\((?:\\.|[^\\)])*\))\s*/g, '');
  const n = Number(size[1]);
  const obj = `${n} 0 obj\n<<${kept.trimEnd()}\n/Author ${pdfText(info.author)}\n/Subject ${pdfText(info.subject)}\n/Keywords ${pdfText(info.keywords)}>>\nendobj\n`;
  const head = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  const objAt = pdf.length + head.length;
  const xrefAt = objAt + Buffer.byteLength(obj, 'latin1');
  const tail = `xref\n${n} 1\n${String(objAt).padStart(10, '0')} 00000 n \ntrailer\n<</Size ${n + 1}\n/Root ${root[1]}\n/Info ${n} 0 R\n/Prev ${startxref[1]}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(head + obj + tail, 'latin1')]);
}
