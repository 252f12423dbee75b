/**
 * The shape of `src/`: imports go down the layers and never in a circle.
 * The layer order is written here and nowhere else: each folder's README
 * says what the folder may import, and is checked against this list.
 */
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import {describe, expect, it} from 'vitest'
import {cycles, importGraph, importSpecifiers, layerProblems, type ImportGraph} from './helpers/import-graph.js'

const src = path.join(import.meta.dirname, '..', 'src')

/**
 * The layers of `src/`, lowest first: the folders in the order of the
 * pipeline, the strategy and the front ends above them, the entry files on
 * top. A file may import the files of its own layer and of the layers
 * before it, never of one after it.
 */
const layers = [
  'shared', // data types and small text helpers that every stage uses
  'offheap', // texts kept outside the JavaScript heap
  'read', // finding and reading the notes
  'parse', // Markdown → syntax tree
  'extract', // syntax tree → cards
  'render', // cards → safe HTML and plain text
  'identity', // stable ids against the previous build
  'emit', // JSON and .apkg, written atomically
  'large', // how a large document is built within memory
  'build', // one file's way, and a build of many
  'preview', // the page to look through the cards
  'cli', // the command line
  'index.ts', // the public API
  'cli.ts' // the process edge
]

describe('imports of src/', () => {
  const graph = importGraph(src)

  it('form no circle', () => {
    expect(cycles(graph).map((circle) => circle.round.join(' → '))).toEqual([])
  })

  it('only go down the layers, and every file is in one', () => {
    expect(layerProblems(graph, layers).map((problem) => problem.file + (problem.imports ? ' → ' + problem.imports : '') + ': ' + problem.reason)).toEqual([])
  })

  it('of a rule family are of helpers, never of another family (extract/rules/index.ts lists them)', () => {
    const family = (file: string) => file.startsWith('extract/rules/') && file !== 'extract/rules/index.ts'
    const between = [...graph].flatMap(([file, imported]) => (family(file) ? imported.filter(family).map((target) => file + ' → ' + target) : []))
    expect(between).toEqual([])
  })

  it('of src/index.ts are re-exports only', () => {
    const text = readFileSync(path.join(src, 'index.ts'), 'utf8')
    const statements = ts.createSourceFile('index.ts', text, ts.ScriptTarget.ES2022).statements
    expect(statements.filter((statement) => !(ts.isExportDeclaration(statement) && statement.moduleSpecifier)).map((statement) => statement.getText())).toEqual([])
  })

  it('are what each folder’s README says it may import', () => {
    for (const [index, layer] of layers.entries()) {
      if (layer.endsWith('.ts')) continue
      const readme = path.join(src, layer, 'README.md')
      expect(existsSync(readme), readme).toBe(true)
      const line = /^May import: (.*)$/m.exec(readFileSync(readme, 'utf8'))?.[1]
      const below = layers.slice(0, index)
      expect(line, 'src/' + layer + '/README.md: "May import: …"').toBe(below.length > 0 ? below.map((name) => '`' + name + '`').join(', ') + '.' : 'nothing of studydeck.')
    }
  })
})

describe('the import check itself', () => {
  const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges))

  it('finds a circle, by its shortest way round, and a file that imports itself', () => {
    const graph = graphOf({'a.ts': ['b.ts'], 'b.ts': ['c.ts', 'd.ts'], 'c.ts': ['a.ts'], 'd.ts': ['b.ts'], 'e.ts': ['a.ts'], 'f.ts': ['f.ts']})
    expect(cycles(graph)).toEqual([
      {files: ['a.ts', 'b.ts', 'c.ts', 'd.ts'], round: ['a.ts', 'b.ts', 'c.ts', 'a.ts']},
      {files: ['f.ts'], round: ['f.ts', 'f.ts']}
    ])
    expect(cycles(graphOf({'a.ts': ['b.ts'], 'b.ts': [], 'c.ts': ['a.ts', 'b.ts']}))).toEqual([])
  })

  it('finds an import up the layers and a file in no layer', () => {
    const graph = graphOf({
      'parse/x.ts': ['parse/y.ts', 'shared/z.ts', 'render/w.ts'],
      'parse/y.ts': [],
      'shared/z.ts': [],
      'render/w.ts': ['parse/y.ts'],
      'stray/v.ts': []
    })
    expect(layerProblems(graph, ['shared', 'parse', 'render'])).toEqual([
      {file: 'parse/x.ts', imports: 'render/w.ts', reason: 'imports up: `parse` comes before `render` in the layer order'},
      {file: 'stray/v.ts', reason: 'is in no layer: add `stray` to the layer order'}
    ])
  })

  it('reads every kind of import, and none in a comment or a string', () => {
    const text = [
      "import {a} from './a.js'",
      "import type {B} from '../b.js'",
      'import {',
      '  c,',
      '  d',
      "} from './c.js'",
      "export {e} from './e.js'",
      "export type * from './f.js'",
      "const g = await import('./g.js')",
      "// import {h} from './h.js'",
      "const i = \"import('./i.js')\"",
      "import path from 'node:path'",
      "const j = value.replace(/'/g, '') // a regular expression with a quote in it",
      "type K = typeof import('./k.js')",
      "import {l} from './l.js'"
    ].join('\n')
    expect(importSpecifiers(text)).toEqual(['./a.js', '../b.js', './c.js', './e.js', './f.js', './g.js', 'node:path', './k.js', './l.js'])
  })
})
