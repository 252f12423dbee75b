/**
 * The one list of rule families (`src/extract/rules/index.ts`): the cards of
 * every fixture and of the seed carry a rule id that the family that made
 * them lists, and every rule id has its line in `docs/rules.md`.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {extractContext} from '../src/extract/extract.js'
import {ruleFamilies} from '../src/extract/rules/index.js'
import {parse} from '../src/parse/markdown.js'
import {defaultSettings, readSettings} from '../src/parse/settings.js'
import {structure} from '../src/parse/structure.js'
import {documents} from './helpers/documents.js'

describe('rule families', () => {
  it('make cards only with the rule ids they list (tables by cell and by row)', () => {
    const seen = new Set<string>()
    for (const tableMode of ['cell', 'row'] as const) {
      for (const {name, file} of documents) {
        const vfile = new VFile({path: file, value: readFileSync(file, 'utf8')})
        const tree = parse(vfile)
        // As compiling does: the notes' own syntax read (containers, Obsidian callouts) before the outline.
        structure(tree, {file: vfile, source: String(vfile.value)})
        const ctx = extractContext(tree, vfile, readSettings(tree, vfile, {...defaultSettings, tableMode}), name)
        for (const [index, family] of ruleFamilies.entries()) {
          for (const draft of family.extract(ctx)) {
            expect(family.rules, name + ', family ' + index + ' made a card of rule ' + draft.rule).toContain(draft.rule)
            seen.add(draft.rule)
          }
        }
      }
    }
    // Every rule id listed makes a card somewhere in the fixtures.
    expect(ruleFamilies.flatMap((family) => family.rules).filter((rule) => !seen.has(rule))).toEqual([])
  })

  it('list each rule id once, and each has its line in docs/rules.md', () => {
    const ids = ruleFamilies.flatMap((family) => family.rules)
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([])
    const reference = readFileSync(path.join(import.meta.dirname, '..', 'docs', 'rules.md'), 'utf8')
    expect(ids.filter((id) => !new RegExp('^\\|[^|\\n]*`' + id + '`', 'm').test(reference))).toEqual([])
  })
})
