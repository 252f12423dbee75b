import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {build as buildType} from '../src/build/pipeline.js'
import {builtCli} from './helpers/dist.js'
import {temporaryFolder} from './helpers/temporary.js'

/**
 * A large document is built in a worker thread of its own, with a capped
 * heap (`src/build/threads.ts`). Workers run the compiled code, so these tests
 * use `dist/`, with the size that counts as large made small.
 */
const project = path.resolve(import.meta.dirname, '..')
let build: typeof buildType
const epoch = process.env.SOURCE_DATE_EPOCH

beforeAll(async () => {
  builtCli()
  build = ((await import(pathToFileURL(path.join(project, 'dist/build/pipeline.js')).href)) as {build: typeof buildType}).build
  // Workers read the clock from the environment as the main thread does.
  process.env.SOURCE_DATE_EPOCH = '1700000000'
})

afterAll(() => {
  if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH
  else process.env.SOURCE_DATE_EPOCH = epoch
})

function notes(): string {
  const cwd = temporaryFolder('studydeck-own-worker-')
  cpSync(path.join(project, 'source'), path.join(cwd, 'notes'), {recursive: true})
  return cwd
}

describe('a large document in a worker of its own', () => {
  it('gives the outputs, counts and document the main thread gives', async () => {
    const cwd = notes()
    const [inMain] = await build(['notes'], {cwd, out: 'main', workers: 0})
    const [inOwn] = await build(['notes'], {cwd, out: 'own', ownWorkerFrom: 0})
    for (const name of ['ketamine.json', 'ketamine.apkg']) {
      expect(readFileSync(path.join(cwd, 'own', name)).equals(readFileSync(path.join(cwd, 'main', name)))).toBe(true)
    }
    expect(inOwn.counts).toEqual(inMain.counts)
    expect(inOwn.outputs).toEqual(inMain.outputs.map((output) => output.replace(/^main\//, 'own/')))
    // Read from the JSON written, when asked for.
    expect(inOwn.document!.cards).toEqual(JSON.parse(JSON.stringify(inMain.document!.cards)))
    // Built again: the cache, as in the main thread; its document read from the JSON when asked for.
    const [again] = await build(['notes'], {cwd, out: 'own', ownWorkerFrom: 0})
    expect(again.counts.unchanged).toBe(inMain.counts.cards)
    expect(again.document!.cards).toEqual(inOwn.document!.cards)

    // An answer edited: the previous build is hashed by the pipeline and read by the build, late, in its worker or in the main thread.
    const source = path.join(cwd, 'notes', 'ketamine.md')
    writeFileSync(source, readFileSync(source, 'utf8').replace('allows precise dosing over 40-60 minutes', 'allows precise dosing over 40 to 60 minutes'))
    const [editedInMain] = await build(['notes'], {cwd, out: 'main', workers: 0, ownWorkerFrom: 0})
    const [editedInOwn] = await build(['notes'], {cwd, out: 'own', ownWorkerFrom: 0})
    expect(editedInOwn.counts).toEqual(editedInMain.counts)
    expect(editedInOwn.counts.cards - editedInOwn.counts.unchanged).toBeGreaterThan(0)
    expect(editedInOwn.counts.unchanged).toBeGreaterThan(20)
    for (const name of ['ketamine.json', 'ketamine.apkg']) {
      expect(readFileSync(path.join(cwd, 'own', name)).equals(readFileSync(path.join(cwd, 'main', name)))).toBe(true)
    }
  })

  it('is an error of its own when it needs more memory than the worker has: the other files are built', async () => {
    const cwd = notes()
    const questions = Array.from({length: 4000}, (_, index) => `## What is item ${index}?\n\nItem ${index} is ${'a thing '.repeat(30)}.\n`)
    writeFileSync(path.join(cwd, 'notes', 'huge.md'), '# Huge\n\n' + questions.join('\n'))
    const results = await build(['notes'], {cwd, out: 'out', ownWorkerFrom: 500_000, ownWorkerHeap: 16})
    const huge = results.find((result) => result.source.endsWith('huge.md'))!
    expect(huge.file.messages.map((message) => [message.ruleId, message.fatal, message.reason])).toEqual([
      ['document-too-large', true, 'Too large to build within 16 MB of memory: split it into smaller files']
    ])
    expect(huge.outputs).toEqual([])
    const ketamine = results.find((result) => result.source.endsWith('ketamine.md'))!
    expect(ketamine.counts.cards).toBe(32)
    expect(ketamine.outputs).toEqual(['out/ketamine.json', 'out/ketamine.apkg'])
  })
})
