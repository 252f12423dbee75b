import type {ListItem, Paragraph, PhrasingContent, RootContent} from 'mdast'
import type {NoteKind} from '../../shared/types.js'
import {contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {flashcardTagIn, leadingTag, osrDecks, type DeckTags} from '../osr-tags.js'
import {asParagraph, joinLines, phrasingText, splitLines, trimEnd, trimStart} from '../phrasing.js'

/**
 * obsidian-spaced-repetition's card syntax (st3v3nmw/obsidian-spaced-repetition),
 * in the notes that plugin reads: tagged `#flashcards` (or a sub-tag,
 * `#flashcards/bio/cells`, in the text or the front matter's `tags`), or
 * where the settings turn it on (`osr: true`).
 *
 * - `osr-inline`: a line `Question::Answer`; `Question:::Answer` is
 *   reversed (two cards). Each line of a paragraph is a card of its own.
 * - `osr-multiline`: lines, a line `?` (`??`: reversed), lines: the
 *   question is the paragraph above the separator, the answer what follows
 *   it up to the next blank line (a list or code block right under it too).
 * - its clozes, `==highlight==` (`==1;;text;;hint==`): `cloze.ts`.
 *
 * Read from the syntax tree, not from lines: nothing in code, math, HTML
 * comments, tables or headings makes a card, and a `::` that is part of
 * something else (`std::vector`, `Foo::bar()`, `http://[::1]:8080/`,
 * `fe80::1`, Haskell's `map :: (a -> b)`, Dataview's `[key:: value]`) is
 * no separator. A tag at the start of a card puts that card alone in its
 * deck; otherwise the last tag above it does, else the front matter's, else
 * the note's first (`osrDeck`). Scheduling comments (`<!--SR:…-->`) and
 * block ids (` ^id`) are not part of a card.
 */
export function extractOsr(ctx: ExtractContext): Draft[] {
  if (!ctx.osr) return []
  const decks = osrDecks(ctx)
  const drafts: Draft[] = []
  const children = ctx.tree.children
  for (const [index, block] of children.entries()) {
    if (isTaken(ctx, index)) continue
    if (block.type === 'heading' && /::/.test(phrasingText(block.children))) {
      skipped(ctx, block, 'osr-heading', 'A heading is never a card: its `::` is left as it is')
      continue
    }
    for (const {paragraph, item, following} of cardParagraphs(block, children, index)) {
      const found = paragraphCards(ctx, paragraph, following, index, decks)
      if (found.length === 0) continue
      drafts.push(...found.map((card) => card.draft))
      ctx.claimed.add(item && item.children[0] === paragraph ? item : paragraph)
      if (block === paragraph) ctx.claimed.add(block)
      for (const card of found) for (const used of card.claims) ctx.claimed.add(used)
      // A quote (a callout) holding cards is their container, no card of its own.
      if (block.type === 'blockquote') ctx.claimed.add(block)
    }
    if (block.type === 'list' && block.children.every((item) => ctx.claimed.has(item))) ctx.claimed.add(block)
  }
  return drafts
}

interface Found {
  draft: Draft
  /** Blocks after the paragraph that its answer took. */
  claims: RootContent[]
}

/** Paragraphs where a card may stand, with the blocks that follow each with no blank line between (a multi-line answer may take them). */
function* cardParagraphs(block: RootContent, siblings: RootContent[], index: number, item?: ListItem): Generator<{paragraph: Paragraph; item?: ListItem; following: RootContent[]}> {
  if (block.type === 'paragraph') yield {paragraph: block, item, following: adjacentAfter(siblings, index)}
  else if (block.type === 'list') {
    for (const child of block.children) for (const [at, inner] of child.children.entries()) yield* cardParagraphs(inner, child.children, at, child)
  } else if (block.type === 'blockquote') {
    for (const [at, inner] of block.children.entries()) yield* cardParagraphs(inner, block.children, at)
  }
}

/** The blocks right after `siblings[index]`, each starting on the line after the one before ends. */
function adjacentAfter(siblings: RootContent[], index: number): RootContent[] {
  const blocks: RootContent[] = []
  for (let at = index + 1; at < siblings.length; at++) {
    const before = siblings[at - 1].position?.end.line
    const node = siblings[at]
    if (before === undefined || node.position?.start.line !== before + 1 || node.type === 'heading' || node.type === 'thematicBreak') break
    blocks.push(node)
  }
  return blocks
}

/** The cards of one paragraph: a multi-line card, or a card per `::` line. */
function paragraphCards(ctx: ExtractContext, paragraph: Paragraph, following: RootContent[], index: number, decks: DeckTags): Found[] {
  if (!ctx.settings.kinds.flashcard) return []
  const lines = splitLines(paragraph.children)
  const context = contextAt(ctx, index)
  const separator = lines.findIndex((line) => multilineSeparator(line) !== undefined)
  if (separator !== -1) {
    const note = multilineSeparator(lines[separator])
    const {tag, line: first} = leadingTag(lines[0] ?? [])
    const front = separator === 0 ? [] : [first, ...lines.slice(1, separator)].map(cleanLine).filter((line) => line.length > 0)
    if (front.length === 0) {
      skipped(ctx, paragraph, 'osr-no-question', 'A `?` card without a question above its separator: no card')
      return []
    }
    const after = lines.slice(separator + 1).map(cleanLine).filter((line) => line.length > 0)
    const answer: RootContent[] = [...(after.length > 0 ? [asParagraph(joinLines(after))] : []), ...following.filter((block) => block.type !== 'html')]
    if (answer.length === 0) {
      skipped(ctx, paragraph, 'osr-no-answer', 'A `?` card without an answer under its separator: no card')
      return []
    }
    const draft: Draft = {kind: 'flashcard', rule: 'osr-multiline', parts: [joinLines(front)], answer, context, place: placeOf(paragraph)}
    return [{draft: withNote(withDeck(draft, tag ?? decks.at(placeOf(paragraph).line)), note === 'reversed' ? note : undefined), claims: following}]
  }
  const found: Found[] = []
  for (const whole of lines) {
    const {tag, line} = leadingTag(whole)
    const split = splitInline(line)
    if (!split) continue
    const question = cleanLine(split.front)
    const answer = cleanLine(split.back)
    const place = placeOf(line.find((node) => node.position) ?? paragraph)
    if (question.length === 0 || answer.length === 0) {
      skipped(ctx, {position: line[0]?.position ?? paragraph.position}, 'osr-empty-side', 'A `::` card with an empty side: no card')
      continue
    }
    const draft: Draft = {kind: 'flashcard', rule: 'osr-inline', parts: [question], answer: [asParagraph(answer)], context, place}
    found.push({draft: withNote(withDeck(draft, tag ?? decks.at(place.line)), split.note), claims: []})
  }
  return found
}

function withNote(draft: Draft, note: NoteKind | undefined): Draft {
  if (note) draft.note = note
  return draft
}

function withDeck(draft: Draft, deck: string | undefined): Draft {
  if (deck) draft.deck = deck
  return draft
}

/** `reversed` for a line `??`, `undefined` (basic) for `?`; not a separator: no result. */
function multilineSeparator(line: PhrasingContent[]): NoteKind | 'basic' | undefined {
  if (line.length !== 1 || line[0].type !== 'text') return undefined
  const value = line[0].value.trim()
  return value === '??' ? 'reversed' : value === '?' ? 'basic' : undefined
}

/** A line split at its separator: `:::` (reversed) if it has one, else `::`. */
function splitInline(line: PhrasingContent[]): {front: PhrasingContent[]; back: PhrasingContent[]; note?: NoteKind} | undefined {
  // The line as text, other nodes standing in as `x`s (a link is a word, code is not white space).
  const starts: number[] = []
  let text = ''
  for (const node of line) {
    starts.push(text.length)
    text += node.type === 'text' ? node.value : node.type === 'html' ? '' : phrasingText([node]).replace(/\S/g, 'x') || 'x'
  }
  for (const [separator, note] of [[':::', 'reversed'], ['::', undefined]] as const) {
    for (const [child, node] of line.entries()) {
      if (node.type !== 'text') continue
      for (let at = node.value.indexOf(separator); at !== -1; at = node.value.indexOf(separator, at + separator.length)) {
        // A longer run of colons is not this separator (`:::` is not two `::`).
        if (node.value.charAt(at - 1) === ':' || node.value.charAt(at + separator.length) === ':') continue
        if (!isSeparator(text, starts[child] + at, separator.length)) continue
        const before = node.value.slice(0, at)
        const after = node.value.slice(at + separator.length)
        const front = trimEnd([...line.slice(0, child), ...(before ? [{...node, value: before}] : [])])
        const back = trimStart([...(after ? [{...node, value: after}] : []), ...line.slice(child + 1)])
        return {front, back, note}
      }
    }
  }
  return undefined
}

/** Known namespaces of code paths written in prose (`std::vector`). */
const namespaces = /^(?:std|boost|core|alloc|crate|self|super|Self|tokio|serde|fs|io|os|mem|ptr|sync|str|String|Vec|Option|Result|Box|Rc|Arc|Math|Array|Object)$/

/**
 * Whether the `::` (or `:::`) at `at` in `line[child]` separates a question
 * from its answer, or is part of something else: a URL or IPv6 address, a
 * code path, a Haskell type signature, a Dataview field in brackets.
 */
function isSeparator(text: string, offset: number, length: number): boolean {
  const before = text.slice(0, offset)
  const after = text.slice(offset + length)
  // The token the separator is glued into (no white space around it).
  const tokenStart = before.search(/\S*$/)
  const tokenEnd = after.search(/\s|$/)
  const token = before.slice(tokenStart) + text.slice(offset, offset + length) + after.slice(0, tokenEnd)
  if (/:\/\/|\[[^\]]*::|^(?=[^:]*\d|.*::[^:]*\d)[\da-f]*::[\da-f:.]*$/i.test(token)) return false
  // Dataview's `[key:: value]` and `(key:: value)`: inside brackets opened before it.
  if (opensUnclosed(before)) return false
  // `a::b` with nothing between: a code path when it reads like one (`std::vector`, `Foo::bar()`, `HashMap::new`, `a::b::c`; an acronym such as `ATP::` is a word).
  if (/\w$/.test(before) && /^[\w~]/.test(after)) {
    const left = /\w+$/.exec(before)![0]
    const right = /^[\w~]+/.exec(after)![0]
    if (namespaces.test(left) || /[()<>&*]|::.*::/.test(token) || [left, right].some((name) => /_|[a-z][A-Z]/.test(name))) return false
  }
  // Haskell: `name :: Type -> Type`.
  if (/^\s*[a-z_][\w']*\s*$/.test(before) && /->|=>/.test(after) && /^\s/.test(after)) return false
  return true
}

/** Whether `text` leaves a `[` or `(` open. */
function opensUnclosed(text: string): boolean {
  let square = 0
  let round = 0
  for (const char of text) {
    if (char === '[') square++
    else if (char === ']') square = Math.max(0, square - 1)
    else if (char === '(') round++
    else if (char === ')') round = Math.max(0, round - 1)
  }
  return square > 0 || round > 0
}

/** A card's line without what is not its text: a scheduling comment, a block id, flashcard tags. */
function cleanLine(line: PhrasingContent[]): PhrasingContent[] {
  const kept = line.filter((node) => !(node.type === 'html' && /^<!--\s*SR:/.test(node.value)))
  const cleaned = kept.map((node) => (node.type === 'text' ? {...node, value: node.value.replace(flashcardTagIn, '$1').replace(/\s+\^[A-Za-z\d-]+\s*$/, '')} : node))
  return trimEnd(trimStart(cleaned.filter((node) => node.type !== 'text' || node.value !== '')))
}

