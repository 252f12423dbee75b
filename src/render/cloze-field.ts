/**
 * Anki's cloze field, read as Anki 2.1.56+ reads it (`rslib/src/cloze.rs`):
 * `{{cN::` opens a deletion, the first `::` in its own text starts its
 * hint, `}}` closes the innermost one open. A card is made per distinct
 * number but 0 (Anki ignores `c0`, and what it holds); on card N, the
 * deletions numbered N are hidden (`[...]`, or `[hint]`) on the question
 * and shown on the answer, every other deletion reads as its text. The
 * preview and the JSON's sides come from here, so they show what Anki does.
 */

type Piece = string | Deletion

interface Deletion {
  number: number
  content: Piece[]
  /** The hint as written (HTML). */
  hint?: string
}

const token = /\{\{c(\d+)::|::|\}\}/g

/** The field as text and deletions; an opener never closed reads as text (studydeck writes none). */
function parseField(field: string): Piece[] {
  const root: Piece[] = []
  const stack: Array<{deletion: Deletion; text: string; inHint: boolean; opener: string}> = []
  let at = 0
  const add = (text: string) => {
    if (!text) return
    const top = stack[stack.length - 1]
    if (!top) root.push(text)
    else if (top.inHint) top.deletion.hint = (top.deletion.hint ?? '') + text
    else top.deletion.content.push(text)
  }
  for (const match of field.matchAll(token)) {
    add(field.slice(at, match.index))
    at = match.index + match[0].length
    const top = stack[stack.length - 1]
    if (match[1] !== undefined) {
      stack.push({deletion: {number: Number(match[1]), content: []}, text: '', inHint: false, opener: match[0]})
    } else if (match[0] === '::') {
      if (top && !top.inHint) top.inHint = true
      else add('::')
    } else if (top) {
      stack.pop()
      const parent = stack[stack.length - 1]
      if (!parent) root.push(top.deletion)
      else if (parent.inHint) parent.deletion.hint = (parent.deletion.hint ?? '') + flatten([top.deletion])
      else parent.deletion.content.push(top.deletion)
    } else add('}}')
  }
  add(field.slice(at))
  // Unclosed: its opener and text as they were written.
  while (stack.length > 0) {
    const {deletion, opener} = stack.pop()!
    const text = opener + flatten(deletion.content) + (deletion.hint === undefined ? '' : '::' + deletion.hint)
    const parent = stack[stack.length - 1]
    if (parent) parent.deletion.content.push(text)
    else root.push(text)
  }
  return root
}

/** The field's text with every deletion shown plainly. */
function flatten(pieces: Piece[]): string {
  return pieces.map((piece) => (typeof piece === 'string' ? piece : flatten(piece.content))).join('')
}

/** The numbers that make cards, ascending (no `c0`, nor what a `c0` holds). */
export function clozeNumbers(field: string): number[] {
  const numbers = new Set<number>()
  const collect = (pieces: Piece[]) => {
    for (const piece of pieces) {
      if (typeof piece === 'string' || piece.number === 0) continue
      numbers.add(piece.number)
      collect(piece.content)
    }
  }
  collect(parseField(field))
  return [...numbers].sort((a, b) => a - b)
}

/**
 * One side of a cloze card as Anki shows it: `number` the card's deletion
 * number (`'all'`: every deletion at once, the JSON's front and back).
 */
export function clozeSide(field: string, number: number | 'all', side: 'question' | 'answer'): string {
  const active = (deletion: Deletion) => deletion.number !== 0 && (number === 'all' || deletion.number === number)
  const render = (pieces: Piece[]): string =>
    pieces
      .map((piece) => {
        if (typeof piece === 'string') return piece
        if (!active(piece)) return render(piece.content)
        if (side === 'question') return '<span class="cloze">[' + (piece.hint ?? '...') + ']</span>'
        return '<span class="cloze">' + render(piece.content) + '</span>'
      })
      .join('')
  return render(parseField(field))
}
