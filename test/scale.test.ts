/**
 * What makes big builds fast must not change what they make: a document
 * parsed in pieces gives the cards it gives whole; a build that reuses the
 * cache gives the bytes, counts and messages of one that does not, and
 * misses whenever a source, an option, the previous JSON, an image or the
 * code changed; a build on worker threads gives what one thread gives.
 * (How fast is `npm run bench`'s business: no test here is timed.)
 */
import {copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {generateDocument, generateLibrary} from '../bench/generate.js'
import {entryPath} from '../src/build/cache.js'
import type {BuildOptions, FileResult} from '../src/build/pipeline.js'
import {jsonReport, textReport} from '../src/cli/report.js'
import {builtCli} from './helpers/dist.js'
import {temporaryFolder} from './helpers/temporary.js'

const project = path.resolve(import.meta.dirname, '..')
const seed = readFileSync(path.join(project, 'source/ketamine.md'), 'utf8')
const clock = () => 1_700_000_000

type Pipeline = typeof import('../src/build/pipeline.js')
type Compiler = typeof import('../src/build/compile.js')

/** `compileDeck` with `pieceTrees` replaced (fresh modules, so the stub is what `large/sections.ts` imports). */
async function compilerWith(pieceTrees: (text: string, parsePiece: (text: string) => Root) => Generator<Root, boolean>): Promise<Compiler> {
  vi.resetModules()
  vi.doMock('../src/parse/pieces.js', async (importOriginal) => ({...(await importOriginal<object>()), pieceTrees}))
  const compiler = await import('../src/build/compile.js')
  vi.doUnmock('../src/parse/pieces.js')
  return compiler
}

/** One tree of the whole document, as if it were too small to cut. */
function* whole(text: string, parsePiece: (text: string) => Root): Generator<Root, boolean> {
  yield parsePiece(text)
  return true
}

/** The pipeline as it is, in fresh modules. */
async function freshPipeline(): Promise<Pipeline> {
  vi.resetModules()
  return import('../src/build/pipeline.js')
}

/** A document's deck and messages (in order of place: a document compiled in sections tells them section by section). */
function compiled(compiler: Compiler, name: string, text: string) {
  const file = new VFile({path: name, value: text})
  const {document} = compiler.compileDeck(file, {now: clock})
  return {document, messages: file.messages.map((message) => [message.line, message.column, message.ruleId, message.reason, message.fatal].join(' · ')).sort()}
}

describe('a document parsed in pieces', () => {
  it('gives the cards and messages it gives whole: the seed and generated notes, cut every 256 characters', async () => {
    const split = await import('../src/parse/pieces.js')
    const inPieces = await compilerWith((text, parsePiece) => split.pieceTrees(text, parsePiece, 256))
    const wholly = await compilerWith(whole)
    const documents: Array<[string, string]> = [
      ['ketamine.md', seed],
      ['generated-1.md', generateDocument(150, 11)],
      ['generated-2.md', generateDocument(150, 12)]
    ]
    for (const [name, text] of documents) {
      const a = compiled(inPieces, name, text)
      const b = compiled(wholly, name, text)
      expect(a.document.cards.length, name).toBeGreaterThan(20)
      expect(a, name).toEqual(b)
    }
    vi.resetModules()
  })

  it('cuts a large document without being told: 1,500 cards in one 300 KB file', async () => {
    const text = generateDocument(1500, 13)
    expect(text.length).toBeGreaterThan(256 * 1024)
    const {cutPoints, pieceTrees} = await import('../src/parse/pieces.js')
    const {sections} = await import('../src/large/sections.js')
    const {parseMarkdown} = await import('../src/parse/markdown.js')
    expect(cutPoints(text, 64 * 1024).length).toBeGreaterThan(2)
    expect([...sections(pieceTrees(text, parseMarkdown))].length).toBeGreaterThan(2)
    const wholly = await compilerWith(whole)
    vi.resetModules()
    const a = compiled(await import('../src/build/compile.js'), 'big.md', text)
    const b = compiled(wholly, 'big.md', text)
    expect(a.document.cards).toHaveLength(1500)
    expect(a).toEqual(b)
  })
})

/** A folder of generated notes and the seed, with an image, to build from. */
function notesFolder(): string {
  const dir = temporaryFolder('studydeck-scale-')
  mkdirSync(path.join(dir, 'notes/img'), {recursive: true})
  for (const file of generateLibrary({cards: 300, files: 5, seed: 7})) writeFileSync(path.join(dir, 'notes', file.name), file.text)
  writeFileSync(path.join(dir, 'notes/ketamine.md'), seed)
  writeFileSync(path.join(dir, 'notes/img/cell.png'), 'not really a png, but bytes')
  writeFileSync(path.join(dir, 'notes/pictures.md'), '# Pictures\n\n## What does a cell look like?\n\n![A cell](img/cell.png)\n')
  return dir
}

/** Every output file's bytes, by path (the cache folder left out). */
function outputs(out: string): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      if (entry.name === '.studydeck-cache') continue
      const full = path.join(folder, entry.name)
      if (entry.isDirectory()) walk(full)
      else files[path.relative(out, full)] = readFileSync(full).toString('base64')
    }
  }
  walk(out)
  return files
}

/** The reports of a build, its output folder's name replaced by `OUT`. */
function report(results: FileResult[], out: string) {
  const text = JSON.stringify({json: jsonReport(results, true), text: textReport(results, {verbose: true})})
  return JSON.parse(text.replaceAll(out + '/', 'OUT/'))
}

describe('the build cache', () => {
  let dir: string
  let pipeline: Pipeline
  const run = (out: string, options: BuildOptions = {}) => pipeline.build(['notes'], {cwd: dir, out, now: clock, ...options})
  /** Mark every cache entry, so a build that reuses an entry shows the mark. */
  const mark = (out: string) => {
    for (const name of ['notes-00001', 'notes-00002', 'notes-00003', 'notes-00004', 'notes-00005', 'ketamine', 'pictures']) {
      const file = entryPath(path.join(dir, out), name)
      const entry = JSON.parse(readFileSync(file, 'utf8'))
      entry.messages.push({reason: 'from the cache', fatal: null, source: 'test'})
      writeFileSync(file, JSON.stringify(entry))
    }
  }
  const reused = (results: FileResult[]) =>
    results.filter((result) => result.file.messages.some((message) => message.reason === 'from the cache')).map((result) => result.name)

  beforeAll(async () => {
    pipeline = await freshPipeline()
    dir = notesFolder()
  })

  it('gives the bytes, counts and messages of a build without it, and reuses every file', async () => {
    const first = await run('cached')
    const again = await run('cached')
    const uncached = await run('uncached', {cache: false})
    const uncachedAgain = await run('uncached', {cache: false})
    expect(outputs(path.join(dir, 'cached'))).toEqual(outputs(path.join(dir, 'uncached')))
    expect(report(first, 'cached')).toEqual(report(uncached, 'uncached'))
    expect(report(again, 'cached')).toEqual(report(uncachedAgain, 'uncached'))
    expect(again.map((result) => result.document)).toEqual(uncachedAgain.map((result) => result.document))
    expect(again.every((result) => result.counts.unchanged === result.counts.cards && result.counts.cards > 0)).toBe(true)

    mark('cached')
    const marked = await run('cached')
    expect(reused(marked)).toEqual(['ketamine', 'notes-00001', 'notes-00002', 'notes-00003', 'notes-00004', 'notes-00005', 'pictures'])
    expect(marked.find((result) => result.name === 'pictures')!.media).toHaveLength(1)
  })

  it('misses for a changed source, and leaves the other outputs alone', async () => {
    await run('edit')
    const json = path.join(dir, 'edit/notes-00002.json')
    const apkg = path.join(dir, 'edit/notes-00002.apkg')
    const before = [statSync(json).mtimeMs, statSync(apkg).mtimeMs]
    mark('edit')
    const source = path.join(dir, 'notes/notes-00001.md')
    const text = readFileSync(source, 'utf8')
    writeFileSync(source, text + '\n- **Added term**: a definition added by the test.\n')
    try {
      const results = await run('edit')
      expect(reused(results)).toEqual(['ketamine', 'notes-00002', 'notes-00003', 'notes-00004', 'notes-00005', 'pictures'])
      expect(results.find((result) => result.name === 'notes-00001')!.counts).toMatchObject({added: 1})
      expect([statSync(json).mtimeMs, statSync(apkg).mtimeMs]).toEqual(before)
      // The rebuilt file is reused by the next build.
      mark('edit')
      expect(reused(await run('edit'))).toHaveLength(7)
    } finally {
      writeFileSync(source, text)
    }
  })

  it('misses for a changed option, previous JSON, image or generator version', async () => {
    await run('misses')
    mark('misses')
    expect(reused(await run('misses', {tableMode: 'row'}))).toEqual([])

    await run('misses')
    mark('misses')
    const json = path.join(dir, 'misses/notes-00003.json')
    const document = JSON.parse(readFileSync(json, 'utf8'))
    document.cards[0].back = 'an answer the notes never gave'
    writeFileSync(json, JSON.stringify(document, null, 2) + '\n')
    const results = await run('misses')
    expect(reused(results)).not.toContain('notes-00003')
    expect(reused(results)).toContain('notes-00004')
    expect(results.find((result) => result.name === 'notes-00003')!.counts).toMatchObject({unchanged: 59, updated: 1})

    mark('misses')
    const image = path.join(dir, 'notes/img/cell.png')
    writeFileSync(image, 'other bytes, so another media name')
    expect(reused(await run('misses'))).not.toContain('pictures')

    await run('misses')
    mark('misses')
    vi.resetModules()
    vi.doMock('../src/shared/version.js', async (importOriginal) => ({...(await importOriginal<object>()), generator: 'studydeck 99.0.0'}))
    const newer: Pipeline = await import('../src/build/pipeline.js')
    vi.doUnmock('../src/shared/version.js')
    expect(reused(await newer.build(['notes'], {cwd: dir, out: 'misses', now: clock}))).toEqual([])
    pipeline = await freshPipeline()
  })

  it('writes a package that went missing, from the reused JSON', async () => {
    await run('package')
    const apkg = path.join(dir, 'package/ketamine.apkg')
    const bytes = readFileSync(apkg)
    rmSync(apkg)
    const results = await run('package')
    expect(results.find((result) => result.name === 'ketamine')!.outputs).toEqual(['package/ketamine.json', 'package/ketamine.apkg'])
    expect(readFileSync(apkg).equals(bytes)).toBe(true)
  })

  it('gives the same combined package whether it reuses or not', async () => {
    const combined = (out: string, cache = true) => run(out, {combine: 'Library', cache})
    await combined('together')
    const bytes = readFileSync(path.join(dir, 'together/Library.apkg'))
    await combined('together')
    expect(readFileSync(path.join(dir, 'together/Library.apkg')).equals(bytes)).toBe(true)
    await combined('apart', false)
    expect(readFileSync(path.join(dir, 'apart/Library.apkg')).equals(bytes)).toBe(true)
  })
})

describe('worker threads', () => {
  let dir: string
  const epoch = process.env.SOURCE_DATE_EPOCH
  beforeAll(() => {
    dir = notesFolder()
    copyFileSync(path.join(project, 'source/ketamine.md'), path.join(dir, 'notes/copy.md'))
    // Worker threads read the clock themselves: make it the same for all.
    process.env.SOURCE_DATE_EPOCH = '1700000000'
  })
  afterAll(() => {
    if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH
    else process.env.SOURCE_DATE_EPOCH = epoch
  })

  it('give what one thread gives: outputs, counts, messages, documents (compiled `dist/`)', async () => {
    builtCli()
    const {build}: Pipeline = await import(pathToFileURL(path.join(project, 'dist/index.js')).href)
    const threaded = await build(['notes'], {cwd: dir, out: 'threads', workers: 2, cache: false})
    const single = await build(['notes'], {cwd: dir, out: 'single', workers: 0, cache: false})
    expect(outputs(path.join(dir, 'threads'))).toEqual(outputs(path.join(dir, 'single')))
    expect(report(threaded, 'threads')).toEqual(report(single, 'single'))
    expect(threaded.map((result) => result.document)).toEqual(single.map((result) => result.document))
    expect(threaded.reduce((sum, result) => sum + result.counts.cards, 0)).toBeGreaterThan(350)
  })

  it('give the combined package one thread gives, whichever file finishes first', async () => {
    builtCli()
    const {build}: Pipeline = await import(pathToFileURL(path.join(project, 'dist/index.js')).href)
    // The first file in path order is the largest, so a worker finishes the others before it.
    const folder = temporaryFolder('studydeck-scale-order-')
    mkdirSync(path.join(folder, 'notes'))
    const [big] = generateLibrary({cards: 3000, files: 1, seed: 11})
    writeFileSync(path.join(folder, 'notes/a-big.md'), big.text)
    for (const name of ['b', 'c', 'd', 'e']) writeFileSync(path.join(folder, 'notes', name + '.md'), `# ${name}\n\n## What is ${name}?\n\nThe letter ${name}.\n`)
    await build(['notes'], {cwd: folder, out: 'threads', workers: 2, cache: false, combine: 'Library'})
    await build(['notes'], {cwd: folder, out: 'single', workers: 0, cache: false, combine: 'Library'})
    expect(readFileSync(path.join(folder, 'threads/Library.apkg')).equals(readFileSync(path.join(folder, 'single/Library.apkg')))).toBe(true)
  })
})
