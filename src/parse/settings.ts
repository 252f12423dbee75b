import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {parse as parseYaml} from 'yaml'
import type {CardKind} from '../shared/types.js'

/** How tables become cards: one card per cell (default) or per row. */
export type TableMode = 'cell' | 'row'

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
}

export const defaultSettings: Settings = {
  tags: [],
  tableMode: 'cell',
  kinds: {faq: true, table: true, list: true}
}

const kindNames: CardKind[] = ['faq', 'table', 'list']
const knownKeys = ['deck', 'tags', 'tables', 'table', 'kinds']

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
  const settings: Settings = {...base, kinds: {...base.kinds}, tags: [...base.tags]}
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
    } else fail('Expected `kinds` to be a list of faq, table, list, not `' + JSON.stringify(kinds) + '`')
  }
  return settings

  function fail(reason: string) {
    file.message(reason, {place: node!.position, ruleId: 'front-matter-setting', source: 'studydeck'}).fatal = true
  }
}
