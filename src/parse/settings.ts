import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {parse as parseYaml} from 'yaml'
import type {CardKind} from '../shared/types.js'

/** How tables become cards: one card per cell (default) or per row. */
export type TableMode = 'cell' | 'row'

/** Marks that make cloze deletions, besides Anki's `{{c1::…}}`: `==highlight==`, `~~strike~~`, `**bold**`. */
export type ClozeMark = 'highlight' | 'strike' | 'bold'

export const clozeMarks: readonly ClozeMark[] = ['highlight', 'strike', 'bold']

/** Per-document settings, from front matter over the build options. */
export interface Settings {
  /** Deck name (default: the document title, else the file name). */
  deck?: string
  /** Tags added to every card of the document (default: none). */
  tags: string[]
  /** Table mode (default: `'cell'`). */
  tableMode: TableMode
  /** Kinds of cards to make (default: all). */
  kinds: Record<CardKind, boolean>
  /** Marks that make cloze deletions besides `{{c1::…}}` (default: none). */
  cloze: ClozeMark[]
  /**
   * obsidian-spaced-repetition's card syntax (`Q::A`, `?`, `==cloze==`):
   * `true` on, `false` off, unset (default) on in notes tagged `#flashcards`.
   */
  osr?: boolean
  /** Term, table-cell and card-syntax cards get a second card, back → front (default: `false`). */
  reverse: boolean
}

export const defaultSettings: Settings = {
  tags: [],
  tableMode: 'cell',
  kinds: {faq: true, table: true, list: true, cloze: true, flashcard: true},
  cloze: [],
  reverse: false
}

const kindNames: CardKind[] = ['faq', 'table', 'list', 'cloze', 'flashcard']
const knownKeys = ['deck', 'tags', 'tables', 'table', 'kinds', 'cloze', 'osr', 'reverse']

/**
 * Read the YAML front matter of a document into settings.
 * Unknown keys are left alone (front matter is shared with other tools);
 * known keys with a wrong type are errors pointing at the front matter.
 */
export function readSettings(tree: Root, file: VFile, base: Settings): Settings {
  const node = tree.children[0]
  if (!node || node.type !== 'yaml') return base
  let data: unknown
  try {
    data = parseYaml(node.value)
  } catch (error) {
    // Point at the line in the YAML (it starts one line below the opening `---`).
    const at = (error as {linePos?: Array<{line: number; col: number}>}).linePos?.[0]
    const start = node.position?.start.line ?? 1
    file.message('Cannot read front matter: ' + String((error as Error).message).split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), {
      place: at ? {line: start + at.line, column: at.col} : node.position,
      ruleId: 'front-matter-yaml',
      source: 'studydeck'
    }).fatal = true
    return base
  }
  if (data === null || data === undefined) return base
  if (typeof data !== 'object' || Array.isArray(data)) {
    fail('Expected front matter to be a mapping, not `' + typeof data + '`')
    return base
  }
  const record = data as Record<string, unknown>
  const settings: Settings = {...base, kinds: {...base.kinds}, tags: [...base.tags], cloze: [...base.cloze]}
  const studydeck = (typeof record.studydeck === 'object' && record.studydeck) || {}
  const get = (key: string): unknown => (studydeck as Record<string, unknown>)[key] ?? record[key]
  // Keys outside `studydeck:` may belong to other tools; inside it, an unknown key is a typo.
  for (const key of Object.keys(studydeck)) {
    if (!knownKeys.includes(key)) {
      file.message('Unknown studydeck setting `' + key + '` (expected one of ' + knownKeys.map((known) => '`' + known + '`').join(', ') + ')', {
        place: node.position,
        ruleId: 'front-matter-setting',
        source: 'studydeck'
      })
    }
  }

  const deck = get('deck')
  if (deck !== undefined) {
    if (typeof deck === 'string' && deck.trim()) settings.deck = deck.trim()
    else fail('Expected `deck` to be a non-empty string, not `' + JSON.stringify(deck) + '`')
  }
  const tags = get('tags')
  if (tags !== undefined) {
    const list = typeof tags === 'string' ? tags.split(/[\s,]+/) : tags
    if (Array.isArray(list) && list.every((tag) => typeof tag === 'string')) {
      settings.tags.push(...list.filter(Boolean))
    } else fail('Expected `tags` to be a list of strings, not `' + JSON.stringify(tags) + '`')
  }
  const tables = get('tables') ?? get('table')
  if (tables !== undefined) {
    if (tables === 'cell' || tables === 'row') settings.tableMode = tables
    else fail('Expected `tables` to be `cell` or `row`, not `' + JSON.stringify(tables) + '`')
  }
  const kinds = get('kinds')
  if (kinds !== undefined) {
    if (Array.isArray(kinds) && kinds.every((kind) => kindNames.includes(kind))) {
      for (const kind of kindNames) settings.kinds[kind] = kinds.includes(kind)
    } else if (kinds && typeof kinds === 'object' && !Array.isArray(kinds)) {
      for (const [kind, on] of Object.entries(kinds)) {
        if (kindNames.includes(kind as CardKind) && typeof on === 'boolean') {
          settings.kinds[kind as CardKind] = on
        } else fail('Expected `kinds.' + kind + '` to be a boolean for faq, table or list')
      }
    } else fail('Expected `kinds` to be a list of ' + kindNames.join(', ') + ', not `' + JSON.stringify(kinds) + '`')
  }
  const cloze = get('cloze')
  if (cloze !== undefined) {
    const marks = parseClozeMarks(cloze)
    if (marks) settings.cloze = marks
    else fail('Expected `cloze` to be ' + clozeMarks.join(', ') + ' or a list of them (or `none`), not `' + JSON.stringify(cloze) + '`')
  }
  const osr = get('osr')
  if (osr !== undefined) {
    if (typeof osr === 'boolean') settings.osr = osr
    else fail('Expected `osr` to be `true` or `false`, not `' + JSON.stringify(osr) + '`')
  }
  const reverse = get('reverse')
  if (reverse !== undefined) {
    if (typeof reverse === 'boolean') settings.reverse = reverse
    else fail('Expected `reverse` to be `true` or `false`, not `' + JSON.stringify(reverse) + '`')
  }
  return settings

  function fail(reason: string) {
    file.message(reason, {place: node!.position, ruleId: 'front-matter-setting', source: 'studydeck'}).fatal = true
  }
}

/**
 * Cloze marks from a setting: one name, a comma-separated string, a list, or
 * `none`/`false` (none); `undefined` when it names anything else.
 */
export function parseClozeMarks(value: unknown): ClozeMark[] | undefined {
  if (value === false || value === 'none') return []
  const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value
  if (!Array.isArray(list) || !list.every((mark) => clozeMarks.includes(mark))) return undefined
  return clozeMarks.filter((mark) => list.includes(mark))
}
