import {createHash} from 'node:crypto'
import path from 'node:path'
import {clozeRules} from '../emit/cloze-note-type.js'
import {noteFields} from '../emit/apkg.js'
import {cardCss, noteTypeSpecOf} from '../emit/note-type.js'
import {cardOrdinals} from '../shared/note-kinds.js'
import {reverseRules} from '../emit/reversed-note-type.js'
import {clozeSide} from '../render/cloze-field.js'
import {escape} from '../shared/html-text.js'
import type {Card, DeckDocument} from '../shared/types.js'
import {generator} from '../shared/version.js'
import {mathCss, typesetMath} from './math.js'
import {pageScript} from './script.js'
import {answerRuleClass, pageCss, previewCardCss} from './style.js'

/** What a preview page shows. Every field but `document` is optional. */
export interface PreviewInput {
  document: DeckDocument
  /** Images the cards show, inlined as `data:` URIs (default: none; cards then show a broken image). */
  media?: Array<{name: string; data: Uint8Array}>
  /** Link from the page to the source file; `#L<line>` is added per card (default: no link). */
  sourceHref?: string
  /** Problems found in the notes, shown above the cards (default: none). */
  messages?: PreviewMessage[]
}

export interface PreviewMessage {
  line?: number
  severity: 'error' | 'warning' | 'info'
  rule?: string
  reason: string
}

const kindLabels: Record<string, string> = {faq: 'FAQ', table: 'Table', list: 'List', cloze: 'Cloze', flashcard: 'Flashcard'}
const kindOrder = Object.keys(kindLabels)

const mimeTypes: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.bmp': 'image/bmp'
}

/**
 * One self-contained HTML page for a deck: every card as Anki shows it (the
 * note type's templates and CSS, filled with the note's fields), with flip,
 * filters, search and links back to the notes. The CSP lets the page load
 * nothing: no network, and no script but its own.
 */
export function previewPage(input: PreviewInput): string {
  const {document} = input
  const inline = inliner(input.media ?? [])
  const sections = sectionsOf(document.cards)
  // Every card Anki makes: both directions of a reversed note, a card per deletion number of a cloze note.
  const shown = document.cards.flatMap((card) => cardOrdinals(card).map((ordinal) => ({card, ordinal})))
  const kinds = countBy(shown.map(({card}) => card.kind))
  const scriptHash = createHash('sha256').update(pageScript).digest('base64')
  const total = shown.length

  // Math typeset as Anki's MathJax shows it (`preview/math.ts`); its fonts come with the page only when a card holds math.
  let math = false
  const typeset = (html: string) => {
    const result = typesetMath(html)
    math ||= result.used
    return result.html
  }
  const cards = shown.map(({card, ordinal}) => cardItem(card, ordinal, sections.index.get(sectionOf(card))!, (html) => typeset(inline(html)), input.sourceHref)).join('\n')
  const csp = "default-src 'none'; img-src data:; " + (math ? 'font-src data:; ' : '') + "style-src 'unsafe-inline'; script-src 'sha256-" + scriptHash + "'; base-uri 'none'; form-action 'none'"
  const sourceLink = input.sourceHref ? '<a href="' + escape(input.sourceHref) + '">' + escape(document.source) + '</a>' : escape(document.source)

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="${escape(generator)}">
<title>${escape(document.deck.name)} · studydeck preview</title>
<style>
${previewCardCss(cardCss + clozeRules + reverseRules)}
${pageCss}</style>
${math ? '<style>' + mathCss() + '</style>\n' : ''}
<noscript><style>.sd-answer[hidden] { display: block; } .sd-controls, .sd-flip, .sd-bar { display: none; }</style></noscript>
</head>
<body>
<a class="sd-skip" href="#sd-cards">Skip to the cards</a>
<div class="sd-page">
<header>
<p class="sd-eyebrow">studydeck preview</p>
<h1>${escape(document.deck.name)}</h1>
<p class="sd-subtitle">${plural(total, 'card')} from ${sourceLink}, as Anki will show them. Click a card, or press <kbd>Space</kbd>, to see its answer.</p>
</header>
${messageList(input.messages ?? [], input.sourceHref)}<div class="sd-controls" role="search">
<div class="sd-field"><label for="sd-search">Search</label><input id="sd-search" type="search" placeholder="Words from a front, back or heading" autocomplete="off" spellcheck="false"></div>
<div class="sd-field"><label for="sd-section">Section</label><select id="sd-section"><option value="">All sections (${total})</option>
${sections.list.map((name, index) => '<option value="' + index + '">' + escape(name) + ' (' + sections.counts[index] + ')</option>').join('\n')}
</select></div>
<div class="sd-field sd-kind-field"><span class="sd-label" id="sd-kind-label">Kind</span><div class="sd-kinds" role="group" aria-labelledby="sd-kind-label">
<button type="button" data-kind-filter="" aria-pressed="true">All<span class="sd-count">${total}</span></button>
${[...kinds].map(([kind, count]) => '<button type="button" data-kind-filter="' + escape(kind) + '" aria-pressed="false">' + escape(kindLabel(kind)) + '<span class="sd-count">' + count + '</span></button>').join('\n')}
</div></div>
</div>
<div class="sd-bar"><p class="sd-status" id="sd-status" role="status" aria-live="polite">Showing all ${total} cards</p><button type="button" id="sd-flip-all" aria-pressed="false">Show all answers</button></div>
<ol class="sd-cards" id="sd-cards" aria-label="Cards">
${cards}
</ol>
<div class="sd-empty" id="sd-empty" hidden>${
    total > 0
      ? '<p>No card matches.</p><button type="button" id="sd-clear">Clear the filters</button>'
      : '<p>These notes gave no cards: <code>studydeck check --verbose</code> says what was skipped, and why.</p><button type="button" id="sd-clear" hidden>Clear the filters</button>'
  }</div>
<footer class="sd-footer"><p>Keys: <kbd>Space</kbd> flips the card you clicked or moved to, <kbd>j</kbd>/<kbd>k</kbd> move to the next/previous card, <kbd>/</kbd> searches. Made by ${escape(generator)}; this page loads nothing from the network.</p></footer>
</div>
<script>${pageScript}</script>
</body>
</html>
`
}

/**
 * One of a note's cards (`ordinal`, as Anki numbers its cards): its
 * template's question, then the answer without `{{FrontSide}}`, hidden
 * until flipped. A cloze card shows its deletions hidden as Anki does
 * (`[...]`, `[hint]`) and flips to its answer in their place.
 */
function cardItem(card: Card, ordinal: number, section: number, inline: (html: string) => string, sourceHref: string | undefined): string {
  const type = noteTypeSpecOf(card)
  const values = noteFields(card).map((field, index) => (index < 2 ? inline(field) : field))
  const fields: Record<string, string> = Object.fromEntries(type.fields.map((name, index) => [name, values[index]]))
  const cloze = card.note === 'cloze'
  const template = type.templates[cloze ? 0 : ordinal]
  const question = fill(template.qfmt, {...fields, 'cloze:Text': cloze ? clozeSide(fields.Text, ordinal + 1, 'question') : ''})
  const answerFields = {...fields, 'cloze:Text': cloze ? clozeSide(fields.Text, ordinal + 1, 'answer') : ''}
  const answer = (cloze ? fill(template.afmt, answerFields) : fill(template.afmt.slice(template.afmt.indexOf('{{FrontSide}}') + '{{FrontSide}}'.length), answerFields)).replace(
    ' id="answer"',
    ' class="' + answerRuleClass + '"'
  )
  const which = cloze ? ' · c' + (ordinal + 1) : card.note === 'reversed' ? (ordinal === 0 ? ' · forward' : ' · reverse') : ''
  const id = escape(card.id)
  const element = id + (cardOrdinals(card).length > 1 ? '-' + ordinal : '')
  const place = card.source.file + ':' + card.source.line
  const line = sourceHref
    ? '<a class="sd-line" href="' + escape(sourceHref + '#L' + card.source.line) + '" title="Open the notes at this line">' + escape(place) + '</a>'
    : '<span class="sd-line">' + escape(place) + '</span>'
  const search = fold([card.front, card.back, ...card.context, ...card.tags].join(' '))
  return `<li class="sd-item" data-card-id="${id}" data-kind="${escape(card.kind)}" data-section="${section}" data-search="${escape(search)}">
<div class="sd-meta"><span class="sd-kind sd-kind-${escape(card.kind)}">${escape(kindLabel(card.kind) + which)}</span>${line}</div>
<div class="card"><div class="sd-question${cloze ? ' sd-replaced' : ''}" id="sd-q-${element}">${question}</div><div class="sd-answer" id="sd-a-${element}" hidden>${answer}</div></div>
<button type="button" class="sd-flip" aria-expanded="false" aria-controls="sd-a-${element}" aria-describedby="sd-q-${element}">Show answer</button>
</li>`
}

/** Fill `{{Field}}` (and `{{cloze:Text}}`, given as a field) as Anki does; the field values are already HTML. */
function fill(template: string, fields: Record<string, string>): string {
  return template.replace(/\{\{([^{}]+)\}\}/g, (_, name: string) => fields[name.trim()] ?? '')
}

/** The folding search uses on both sides: case, accents and curly apostrophes do not matter. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019]/g, "'")
}

/** Media names are content hashes (`0123abcd.png`), so an exact `src="…"` is the image and nothing else. */
function inliner(media: Array<{name: string; data: Uint8Array}>): (html: string) => string {
  const uris = new Map(
    media.map((file) => [
      file.name,
      'data:' + (mimeTypes[path.extname(file.name).toLowerCase()] ?? 'application/octet-stream') + ';base64,' + Buffer.from(file.data).toString('base64')
    ])
  )
  if (uris.size === 0) return (html) => html
  return (html) => html.replace(/ src="([^"]*)"/g, (whole, name: string) => (uris.has(name) ? ' src="' + uris.get(name) + '"' : whole))
}

/** Sections are the headings under the title, in the order they first appear (a question heading is its card, not a section). */
function sectionOf(card: Card): string {
  return card.context.slice(1).join(' › ') || '(no section: right under the title)'
}

function sectionsOf(cards: Card[]) {
  const index = new Map<string, number>()
  const counts: number[] = []
  for (const card of cards) {
    const name = sectionOf(card)
    if (!index.has(name)) {
      index.set(name, index.size)
      counts.push(0)
    }
    counts[index.get(name)!]++
  }
  return {index, list: [...index.keys()], counts}
}

function messageList(messages: PreviewMessage[], sourceHref: string | undefined): string {
  const shown = messages.filter((message) => message.severity !== 'info')
  if (shown.length === 0) return ''
  const items = shown.map((message) => {
    const where = message.line ? 'line ' + message.line : 'file'
    const place = sourceHref && message.line ? '<a href="' + escape(sourceHref + '#L' + message.line) + '">' + where + '</a>' : where
    return '<li>' + place + ': ' + escape(message.reason) + (message.rule ? ' <code>' + escape(message.rule) + '</code>' : '') + '</li>'
  })
  const errors = shown.filter((message) => message.severity === 'error').length
  const summary = [errors > 0 ? plural(errors, 'error') : '', shown.length > errors ? plural(shown.length - errors, 'warning') : ''].filter(Boolean).join(', ')
  return '<details class="sd-messages"' + (errors > 0 ? ' open' : '') + '><summary>' + summary + ' in the notes</summary><ul>' + items.join('') + '</ul></details>\n'
}

/** Cards per kind, known kinds first in a fixed order. */
function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  const rank = (kind: string) => (kindOrder.includes(kind) ? kindOrder.indexOf(kind) : kindOrder.length)
  return new Map([...counts].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)))
}

function kindLabel(kind: string): string {
  return kindLabels[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1)
}

function plural(count: number, word: string): string {
  return count + ' ' + word + (count === 1 ? '' : 's')
}
