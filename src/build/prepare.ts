import {createHash} from 'node:crypto'
import {existsSync, readFileSync, realpathSync, statSync} from 'node:fs'
import path from 'node:path'
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {collectDefinitions, definitionKeys, firstUndefined, mergeDefinitions as merge, type Definitions} from '../render/definitions.js'
import {extractDrafts, type TextedDraft} from '../extract/extract.js'
import {outline, type OutlineOptions} from '../extract/outline.js'
import {frontOf} from '../extract/plain-text.js'
import {settle} from '../extract/settle.js'
import type {Identifiable} from '../identity/match.js'
import {limitSource, limitTree, withinStack} from '../parse/limits.js'
import {parseMarkdown} from '../parse/markdown.js'
import {frontHtml, renderParts, showsNothing, type RenderedParts, type ResolvedImage} from '../render/html.js'
import {sections} from '../large/sections.js'
import {defaultSettings, readSettings, type Settings} from '../parse/settings.js'
import {parseInPieces, pieceSize, pieceTrees} from '../parse/pieces.js'
import {detached} from '../shared/text.js'
import {holdTexts, holdTextsFrom, preparedTexts} from '../offheap/held-texts.js'
import {TextStore} from '../offheap/text-store.js'
import {Candidates} from '../large/candidates.js'
import {letTreeGo, noMedia, park, restoreRendered, restoreTexts, store, unpark, type Pending} from '../large/pending.js'
import type {MediaFile} from '../shared/types.js'

/** What `prepareDeck` needs besides the document. */
export interface PrepareInput {
  settings?: Settings
  /** Folder that images may come from (default: the file's folder). */
  root?: string
  /** Deck name prefix for combined packages (`NAME::`). */
  parentDeck?: string
  /** Characters per parsed piece (default: `split.pieceSize`); tests make it small to compile small documents in sections. */
  pieceSize?: number
  /** Cards from which a document's cards hold their texts in a store (default: `holdTextsFrom`); tests make it small. */
  holdTextsFrom?: number
}


/** A document's cards as rendered, before they are compared with the previous build (no ids yet). */
export interface PreparedDeck {
  deckKey: string
  deckName: string
  source: string
  cards: PreparedCard[]
}

export type PreparedCard = Identifiable & {media: MediaFile[]}

/**
 * The stages that need only the document: parse → extract → render.
 * `probe` is told every image path looked at (the build cache checks them).
 */
export function prepareDeck(file: VFile, input: PrepareInput = {}, probe?: (target: string) => void): PreparedDeck {
  // What the limits did not catch and runs out of stack is an error for this file, not a crash of the build.
  return withinStack(file, () => prepareUnguarded(file, input, probe), () => {
    const stem = path.basename(file.path || 'notes', path.extname(file.path || ''))
    return {deckKey: stem, deckName: deckName(input, stem), source: file.path, cards: []}
  })
}

function deckName(input: PrepareInput, key: string): string {
  return (input.parentDeck ? input.parentDeck + '::' : '') + key.replace(/::/g, ':')
}

/**
 * A large document is parsed, extracted and rendered a section at a time
 * (`sections.ts`); what needs every card (question keys, equal fronts)
 * runs on their texts at the end. When the pieces were parsed with other
 * definitions than the document has (`split.pieceTrees`), it is done again
 * from one tree of the whole document.
 */
function prepareUnguarded(file: VFile, input: PrepareInput, probe?: (target: string) => void): PreparedDeck {
  const text = String(limitSource(file).value ?? '')
  const before = file.messages.length
  const inSections = prepareSections(file, input, sections(pieceTrees(text, parseMarkdown, input.pieceSize ?? pieceSize)), probe)
  if (inSections) return inSections
  file.messages.length = before
  return prepareSections(file, input, whole(parseInPieces(text, parseMarkdown)), probe)!
}

/**
 * A settled card with its parts rendered, as identity gets it; undefined
 * (and an info message) when a side shows nothing once its HTML is made
 * safe (an answer that was only a `<script>`).
 */
export function preparedCard(card: SettledDraft, rendered: RenderedParts, file: VFile, store?: TextStore): PreparedCard | undefined {
  const front = frontOf(card)
  const shownFront = frontHtml(rendered, card.qualifier, card.hint)
  if (showsNothing(shownFront) || showsNothing(rendered.backHtml)) {
    file.info('Card `' + front + '` would show an empty side once its HTML is made safe: left out', {place: card.place, ruleId: 'card-empty', source: 'studydeck'})
    return undefined
  }
  // Every field named: an object spread and then extended gets a hidden class of its own in V8 (memory and slow reads).
  // Detached (the back's texts were when rendered): the cards outlive the pieces of the document their texts were cut from.
  if (store) {
    const texts = {front, back: rendered.back, frontHtml: shownFront, backHtml: rendered.backHtml, key: card.key}
    return holdTexts({media: rendered.media, kind: card.kind, context: card.context, tags: card.tags, source: {file: file.path, line: card.place.line}}, store, texts, preparedTexts) as PreparedCard
  }
  return {front: detached(front), back: rendered.back, frontHtml: detached(shownFront), backHtml: rendered.backHtml, media: rendered.media, kind: card.kind, key: card.key, context: card.context, tags: card.tags, source: {file: file.path, line: card.place.line}}
}

type SettledDraft = TextedDraft & {key: string; tags: string[]}

function* whole(tree: Root): Generator<Root, boolean> {
  yield tree
  return true
}

/** The back's texts as strings of their own, not views of the document's text: the cards outlive it. */
function ownTexts(rendered: RenderedParts): RenderedParts {
  rendered.back = detached(rendered.back)
  rendered.backHtml = detached(rendered.backHtml)
  return rendered
}

function prepareSections(file: VFile, input: PrepareInput, trees: Generator<Root, boolean>, probe?: (target: string) => void): PreparedDeck | undefined {
  const stem = path.basename(file.path || 'notes', path.extname(file.path || ''))
  const resolveImage = imageResolver(file, input.root ?? file.dirname ?? '.', probe)
  const source = String(file.value)
  const definitions: Definitions = {links: new Map(), footnotes: new Map()}
  const candidates = new Candidates()
  const texts = new TextStore()
  let settings = input.settings ?? defaultSettings
  let title: string | undefined
  const render = (candidate: Pending): RenderedParts => {
    const rendered = renderParts(candidate, {
      definitions,
      resolveImage,
      source,
      onImageProblem: (node, reason, ruleId) => (candidate.problems ??= []).push(() => file.message(reason, {place: node.position, ruleId, source: 'studydeck'}))
    })
    // The syntax tree is let go: only texts and HTML stay.
    letTreeGo(candidate)
    return rendered
  }

  // Cards that refer to a definition not yet parsed (usually at the end of the document), by what they wait for.
  const waiting = new Map<string, Pending[]>()
  const renderOrWait = (candidate: Pending) => {
    unpark(candidate, texts)
    const missing = firstUndefined([...candidate.parts.flat(), ...(candidate.body ?? []), ...candidate.answer], definitions)
    if (missing === undefined) {
      store(candidate, render(candidate), texts)
    } else {
      park(candidate, texts)
      const list = waiting.get(missing)
      if (list) list.push(candidate)
      else waiting.set(missing, [candidate])
    }
  }

  let next = trees.next()
  for (let index = 0; !next.done; index++) {
    const tree = limitTree(next.value, file)
    // One section ahead: the first section's outline depends on whether more follow.
    const following = trees.next()
    const around: OutlineOptions = index === 0 ? {followed: !following.done} : {title}
    if (index === 0) {
      settings = readSettings(tree, file, settings)
      title = outline(tree, stem, around).title
    }
    const found = collectDefinitions(tree)
    merge(definitions, found)
    for (const key of definitionKeys(found)) {
      const ready = waiting.get(key)
      waiting.delete(key)
      for (const candidate of ready ?? []) renderOrWait(candidate)
    }
    for (const draft of extractDrafts(tree, file, settings, stem, around)) {
      const candidate: Pending = Object.assign({}, draft, {stored: -1, storedTexts: -1, storedTree: -1, media: noMedia, problems: undefined})
      candidates.push(candidate)
      renderOrWait(candidate)
    }
    candidates.keepRendered()
    next = following
  }
  if (!next.value) return undefined

  const drafts = candidates.takeAll()
  for (const candidate of drafts) restoreTexts(candidate, texts)
  const settled = settle(drafts, file, settings)
  // Settled cards are copies: the drafts can go.
  drafts.length = 0
  const cards: PreparedCard[] = []
  // Cards of a large document hold their texts in a store of their own (the one above goes once they are made).
  const cardStore = settled.length >= (input.holdTextsFrom ?? holdTextsFrom) ? new TextStore() : undefined
  for (const candidate of settled) {
    // Those still waiting refer to a definition the document does not have: they render without it.
    if (candidate.stored === -1) unpark(candidate, texts)
    const rendered = candidate.stored === -1 ? ownTexts(render(candidate)) : restoreRendered(candidate, texts)
    for (const problem of candidate.problems ?? []) problem()
    const card = preparedCard(candidate, rendered, file, cardStore)
    if (card) cards.push(card)
  }
  texts.close()
  // A student who builds a file and gets nothing is told, unless a warning or an error already says why.
  if (cards.length === 0 && file.messages.every((message) => message.fatal === undefined)) {
    file.message('No cards in this document: cards come from questions, tables, `term: definition` lists and enumerations (README, “What becomes a card”; `check --verbose` says what was skipped)', {
      place: {line: 1, column: 1},
      ruleId: 'no-cards',
      source: 'studydeck'
    })
  }
  const deckKey = settings.deck ?? title ?? stem
  return {deckKey, deckName: deckName(input, deckKey), source: file.path, cards}
}

/**
 * Images: only files inside `root` (the notes' folder tree) are packed, under
 * a content-hashed name; nothing else on disk and no remote URL is read.
 */
function imageResolver(file: VFile, root: string, probe?: (target: string) => void): (url: string) => ResolvedImage {
  const base = path.resolve(file.cwd, file.dirname ?? '.')
  const top = path.resolve(file.cwd, root)
  return (url) => {
    let decoded: string
    try {
      decoded = decodeURIComponent(url.replace(/[?#].*$/, ''))
    } catch {
      decoded = url
    }
    if (/^[a-z][a-z\d+.-]*:/i.test(decoded) || decoded.startsWith('//')) {
      return {ok: false, reason: 'Image `' + url + '` is not a local file or an http(s) URL', ruleId: 'image-unsupported'}
    }
    const target = path.resolve(base, decoded)
    if (!isInside(top, target)) {
      return {ok: false, reason: 'Image `' + url + '` is outside the notes folder; it is not packed', ruleId: 'image-outside'}
    }
    probe?.(target)
    if (!existsSync(target) || !statSync(target).isFile()) {
      return {ok: false, reason: 'Image `' + url + '` not found', ruleId: 'image-missing'}
    }
    // A symbolic link inside the notes may lead anywhere: where it leads is what counts.
    if (!isInside(realpathSync(top), realpathSync(target))) {
      return {ok: false, reason: 'Image `' + url + '` links to a file outside the notes folder; it is not packed', ruleId: 'image-outside'}
    }
    const hash = createHash('sha256').update(readFileSync(target)).digest('hex').slice(0, 16)
    return {ok: true, media: {name: hash + path.extname(target).toLowerCase(), path: target}}
  }
}

function isInside(folder: string, target: string): boolean {
  const inside = path.relative(folder, target)
  return inside !== '..' && !inside.startsWith('..' + path.sep) && !path.isAbsolute(inside)
}
