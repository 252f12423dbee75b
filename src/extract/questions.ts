/** What asks a question, for every rule family that looks for one. */

/** F2: a section whose sub-headings are all questions. */
const faqSectionName = /^(?:faqs?|frequently[\s-]asked[\s-]questions|q\s*(?:&|and)\s*as?|questions(?:\s*(?:&|and)\s*answers)?|common\s+questions)$/i

/** Ends with a question mark, maybe inside closing quotes or brackets. */
export const endsWithQuestionMark = /\?["'\u201D\u2019)\]*_]*$/

/** Whether a heading names an FAQ section (`FAQ`, `Frequently Asked Questions (FAQ)`, `Q&A`). */
export function isFaqSectionName(value: string): boolean {
  const plain = value
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^\p{L}\p{N}&\s-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return faqSectionName.test(plain)
}
