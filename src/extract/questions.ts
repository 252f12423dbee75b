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

/**
 * A `<summary>` that only reveals what it holds (`View answer`, `Solution`,
 * `Click to expand`, `View contents`): a label, never a question.
 */
const revealLabel =
  /^(?:(?:click|tap)\s+(?:here\s+)?(?:to\s+)?)?(?:(?:view|show|see|reveal|toggle|expand|open|display|check)\s+(?:the\s+)?)?(?:answers?|solutions?|explanations?|hints?|spoilers?|details|more|results?|outputs?|code|contents|expand)$/

/** A label saying that an answer follows (`Answer`, `View answer`, `Solution`). */
const answerLabel = /^(?:(?:click|tap)\s+(?:here\s+)?(?:to\s+)?)?(?:(?:view|show|see|reveal|toggle|expand|open|display|check)\s+(?:the\s+)?)?(?:answers?|solutions?|explanations?)$/

/** Whether a summary only labels what it reveals (an empty one too). */
export function isRevealLabel(value: string): boolean {
  const plain = plainLabel(value)
  return plain === '' || revealLabel.test(plain)
}

/** Whether a summary or heading says that an answer follows. */
export function isAnswerLabel(value: string): boolean {
  return answerLabel.test(plainLabel(value))
}

function plainLabel(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
