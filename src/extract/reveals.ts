import type {VFile} from 'vfile'
import type {CardDraft} from '../shared/types.js'

/**
 * A document that hides its answers in reveal `<details>` (`View answer`):
 * three or more of its question headings with content do, and 80 % or more
 * of them. A question heading there without one is something else: a
 * promotion (`Want the book in print?`), a note to readers; it is left out.
 * Read over every section at once, as `settle` does.
 */
export function withRevealConvention<T extends Pick<CardDraft, 'reveal' | 'place'>>(cards: T[], file: VFile): T[] {
  let hidden = 0
  let open = 0
  for (const card of cards) {
    if (card.reveal === true) hidden++
    else if (card.reveal === false) open++
  }
  if (hidden < 3 || open === 0 || hidden < (hidden + open) * 0.8) return cards
  return cards.filter((card) => {
    if (card.reveal !== false) return true
    file.info('Questions of this document hide their answers in `<details>`; this heading has none: not a question', {place: card.place, ruleId: 'faq-no-reveal', source: 'studydeck'})
    return false
  })
}
