/**
 * Build progress: drawn on stderr on a terminal, for runs long enough to
 * need it; nothing animated in a pipe or in CI; never on stdout.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import type {CliIo} from '../src/cli/io.js'
import {runCli} from '../src/cli/run.js'
import type {FileResult} from '../src/build/pipeline.js'
import {createProgress, progressMode, type ProgressOptions} from '../src/cli/progress.js'
import {temporaryFolder} from './helpers/temporary.js'

const clear = '\r\u001B[2K'

/** A clock that moves only when told to. */
function fakeClock() {
  let now = 1000
  return {now: () => now, advance: (milliseconds: number) => (now += milliseconds)}
}

function recorder(options: Omit<ProgressOptions, 'write'>) {
  const written: string[] = []
  return {written, progress: createProgress({...options, write: (text) => written.push(text)})}
}

function result(name: string, cards: number, fatal = false): FileResult {
  const file = new VFile({path: name + '.md'})
  if (fatal) file.message('broken', {ruleId: 'x'}).fatal = true
  return {source: name + '.md', name, deck: name, outputs: [], counts: {cards, added: cards, updated: 0, renamed: 0, removed: 0, unchanged: 0}, file}
}

describe('progress mode', () => {
  it('animates only on a terminal outside CI', () => {
    expect(progressMode({isTTY: true, env: {}})).toBe('animated')
    expect(progressMode({isTTY: true, env: {CI: 'true'}})).toBe('static')
    expect(progressMode({isTTY: true, env: {TERM: 'dumb'}})).toBe('static')
    expect(progressMode({isTTY: false, env: {}})).toBe('off')
    expect(progressMode({env: {}})).toBe('off')
  })
})

describe('progress line', () => {
  it('draws nothing for a quick run, then files and cards at most every 100 ms, then clears itself', () => {
    const clock = fakeClock()
    const {written, progress} = recorder({isTTY: true, env: {}, clock: clock.now})
    progress.update({done: 0, total: 3, cards: 0, file: 'a.md'})
    clock.advance(249)
    progress.update({done: 1, total: 3, cards: 12, file: 'b.md'})
    expect(written).toEqual([])

    clock.advance(1)
    progress.update({done: 1, total: 3, cards: 12, file: 'b.md'})
    clock.advance(99)
    progress.update({done: 2, total: 3, cards: 1234, file: 'c.md'})
    clock.advance(1)
    progress.update({done: 2, total: 3, cards: 1234, file: 'c.md'})
    progress.clear()
    progress.clear()
    expect(written).toEqual([clear + 'Building 1/3 files · 12 cards · b.md', clear + 'Building 2/3 files · 1,234 cards · c.md', clear])

    clock.advance(850)
    progress.summary([result('a', 1), result('b', 11), result('c', 1222, true)])
    expect(written.at(-1)).toBe('Built 3 files, 1,234 cards in 1.2 s (1 with errors)\n')
  })

  it('is cut to the terminal width, so that `\\r` can redraw it', () => {
    const clock = fakeClock()
    const {written, progress} = recorder({isTTY: true, env: {}, clock: clock.now, columns: 30})
    clock.advance(300)
    progress.update({done: 1, total: 2, cards: 5, file: 'notes/a/very/long/path/to/a/file.md'})
    expect(written).toEqual([clear + 'Building 1/2 files · 5 cards…'])
    expect([...written[0].slice(clear.length)]).toHaveLength(29)
  })

  it('in CI on a terminal, only the summary', () => {
    const clock = fakeClock()
    const {written, progress} = recorder({isTTY: true, env: {CI: '1'}, clock: clock.now, verbs: ['Checking', 'Checked']})
    clock.advance(5000)
    progress.update({done: 0, total: 1, cards: 0, file: 'a.md'})
    progress.clear()
    progress.summary([result('a', 1)])
    expect(written).toEqual(['Checked 1 file, 1 card in 5.0 s\n'])
  })

  it('in a pipe, nothing at all', () => {
    const clock = fakeClock()
    const {written, progress} = recorder({isTTY: false, env: {}, clock: clock.now})
    clock.advance(5000)
    progress.update({done: 0, total: 1, cards: 0, file: 'a.md'})
    progress.clear()
    progress.summary([result('a', 1)])
    expect(written).toEqual([])
  })
})

describe('build progress from the command line', () => {
  function workspace(): string {
    const dir = temporaryFolder('studydeck-progress-')
    mkdirSync(path.join(dir, 'notes'))
    writeFileSync(path.join(dir, 'notes/a.md'), '# A\n\n## Why?\n\nBecause.\n')
    writeFileSync(path.join(dir, 'notes/b.md'), '# B\n\n- x: y\n- z: w\n')
    return dir
  }

  async function run(argv: string[], io: Partial<CliIo>) {
    let stdout = ''
    let stderr = ''
    const code = await runCli(argv, {...io, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text)})
    return {code, stdout, stderr}
  }

  it('draws on stderr and keeps stdout pure JSON with --json', async () => {
    // Each reading of this clock is 300 ms later: every update is due.
    let now = 0
    const result = await run(['build', 'notes', '--json'], {cwd: workspace(), isTTY: true, env: {}, clock: () => (now += 300)})
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout).totals.cards).toBe(3)
    expect(result.stdout).not.toContain('\r')
    expect(result.stderr).toBe(
      clear + 'Building 0/2 files · 0 cards · notes/a.md' + clear + 'Building 1/2 files · 1 card · notes/b.md' + clear + 'Building 2/2 files · 3 cards' + clear + 'Built 2 files, 3 cards in 1.2 s\n'
    )
  })

  it('writes nothing to stderr in a pipe, and only the summary in CI', async () => {
    let now = 0
    const piped = await run(['build', 'notes'], {cwd: workspace(), isTTY: false, env: {}, clock: () => (now += 300)})
    expect(piped.code).toBe(0)
    expect(piped.stderr).toBe('')
    now = 0
    const ci = await run(['check', 'notes'], {cwd: workspace(), isTTY: true, env: {CI: 'true'}, clock: () => (now += 300)})
    expect(ci.code).toBe(0)
    expect(ci.stderr).toBe('Checked 2 files, 3 cards in 300 ms\n')
  })

  it('shows progress for preview too', async () => {
    let now = 0
    const result = await run(['preview', 'notes'], {cwd: workspace(), isTTY: true, env: {}, clock: () => (now += 300)})
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(clear + 'Previewing 1/2 files · 1 card · notes/b.md')
    expect(result.stderr.endsWith(clear + 'Previewed 2 files, 3 cards in 1.2 s\n')).toBe(true)
  })
})
