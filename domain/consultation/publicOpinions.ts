/** The public view of a consultation's opinions: personal data masked, shown after the day they were left. */
import { type OpinionRecord, dayStart } from './snapshot';

// ---------------------------------------------------------------------------------------------
// Public view of opinions

export interface PublicOpinion {
  /** 1, 2, … in order of submission; not the internal id. */
  number: number;
  /** 00:00 of the day it was left (no time of day, which could identify the author). */
  submittedOn: number;
  text: string;
  answer: { text: string; answeredOn: number } | null;
}

/**
 * Masks personal data a resident may have typed (§6, §7): mobile numbers as `138****1234`,
 * ID numbers as `110***********1234`, room numbers as `***`.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(/(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[\dXx])(?![0-9A-Za-z])/g, '$1***********$2')
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
    .replace(/\d+\s*(?:号楼|栋|幢)\s*(?:\d+\s*单元\s*)?\d+\s*(?:室|号)?/g, '***')
    .replace(/\d+\s*室/g, '***');
}

/**
 * The public view of opinions: no author, no role, no internal id, no time of day, no answering
 * official; personal data typed into the text is masked.
 */
export function publicOpinions(opinions: readonly OpinionRecord[], dayMs: number): PublicOpinion[] {
  return [...opinions]
    .sort((a, b) => a.submittedAt - b.submittedAt || a.id.localeCompare(b.id))
    .map((o, i) => ({
      number: i + 1,
      submittedOn: dayStart(o.submittedAt, dayMs),
      text: maskPersonalData(o.text),
      answer: o.answer
        ? { text: maskPersonalData(o.answer.text), answeredOn: dayStart(o.answer.answeredAt, dayMs) }
        : null,
    }));
}
