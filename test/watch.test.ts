/**
 * `build --watch`: rebuilds a saved file, survives a broken save, builds a
 * new file, and stops cleanly. No fixed sleeps: each step waits for the
 * line it expects, with a generous overall timeout.
 */
import {spawn} from 'node:child_process'
import {mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../src/cli/run.js'
import {readApkg} from './helpers/apkg.js'
import {builtCli} from './helpers/dist.js'
import {temporaryFolder} from './helpers/temporary.js'

/** Collected output that can be waited on: `until(pattern)` resolves once the text after the last mark matches. */
function output() {
  let text = ''
  let mark = 0
  const waiting = new Set<() => void>()
  return {
    write(chunk: string) {
      text += chunk
      for (const check of waiting) check()
    },
    get text() {
      return text
    },
    /** Only text written from now on counts for the next `until`. */
    mark() {
      mark = text.length
    },
    until(pattern: RegExp, timeout = 20_000): Promise<string> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text.slice(mark))
          if (!match) return
          waiting.delete(check)
          clearTimeout(timer)
          resolve(text.slice(mark))
        }
        const timer = setTimeout(() => {
          waiting.delete(check)
          reject(new Error('Timed out waiting for ' + pattern + ' in:\n' + text.slice(mark)))
        }, timeout)
        waiting.add(check)
        check()
      })
    }
  }
}

const good = '# Notes\n\n## Why ketamine?\n\nIt works fast.\n'

describe('build --watch', () => {
  it('rebuilds a saved file, keeps the last good output on a broken save, builds new files, stops on abort', {timeout: 90_000}, async () => {
    const dir = temporaryFolder('studydeck-watch-')
    mkdirSync(path.join(dir, 'notes'))
    writeFileSync(path.join(dir, 'notes/a.md'), good)
    const stdout = output()
    const stderr = output()
    const controller = new AbortController()
    const running = runCli(['build', 'notes', '--out', 'out', '--format', 'json', '--watch'], {
      cwd: dir,
      stdout: stdout.write,
      stderr: stderr.write,
      signal: controller.signal
    })
    await stderr.until(/Watching 1 file for changes/)
    expect(stdout.text).toBe('notes/a.md → out/a.json\n  1 card: 1 added\n')
    const json = path.join(dir, 'out/a.json')

    // A save: the file is rebuilt, and only it.
    stdout.mark()
    writeFileSync(path.join(dir, 'notes/a.md'), good.replace('It works fast.', 'It works within hours.'))
    expect(await stdout.until(/1 updated\n/)).toBe('notes/a.md → out/a.json\n  1 card: 1 updated\n')
    const lastGood = readFileSync(json)
    expect(JSON.parse(lastGood.toString()).cards[0].back).toBe('It works within hours.')

    // A broken save (front matter that is not YAML): errors with file:line, outputs kept.
    stdout.mark()
    writeFileSync(path.join(dir, 'notes/a.md'), '---\ntags: [a\n---\n' + good)
    const broken = await stdout.until(/not written/)
    expect(broken).toMatch(/notes\/a\.md\n\s*2:\d+(-\d+:\d+)?\s+error\s+Cannot read front matter/)
    expect(broken).toMatch(/notes\/a\.md \(not written: see the errors above\)\n$/)
    expect(readFileSync(json)).toEqual(lastGood)

    // Still watching: a new file in the folder is built, then the fix.
    stdout.mark()
    writeFileSync(path.join(dir, 'notes/b.md'), '# B\n\n- Term: definition.\n')
    expect(await stdout.until(/b\.json\n.*\n/)).toBe('notes/b.md → out/b.json\n  1 card: 1 added\n')
    stdout.mark()
    writeFileSync(path.join(dir, 'notes/a.md'), good.replace('It works fast.', 'It works within hours, often.'))
    expect(await stdout.until(/a\.json\n.*\n/)).toBe('notes/a.md → out/a.json\n  1 card: 1 updated\n')

    // A new folder with a file in it.
    stdout.mark()
    mkdirSync(path.join(dir, 'notes/sub'))
    writeFileSync(path.join(dir, 'notes/sub/c.md'), '# C\n\n- Term: definition.\n')
    expect(await stdout.until(/c\.json\n.*\n/)).toBe('notes/sub/c.md → out/sub/c.json\n  1 card: 1 added\n')

    // A deleted file: said so, its outputs left alone.
    stderr.mark()
    rmSync(path.join(dir, 'notes/b.md'))
    await stderr.until(/notes\/b\.md was deleted/)

    controller.abort()
    expect(await running).toBe(0)
    expect(stderr.text).toMatch(/Stopped watching\n$/)
    expect(stderr.text).not.toMatch(/\n\s+at /)
  })

  it('with --combine, a save updates the one package in place and leaves the other decks as they were', {timeout: 90_000}, async () => {
    const dir = temporaryFolder('studydeck-watch-combine-')
    mkdirSync(path.join(dir, 'notes'))
    writeFileSync(path.join(dir, 'notes/a.md'), good)
    writeFileSync(path.join(dir, 'notes/b.md'), '# B\n\n## Why b?\n\nBecause b.\n')
    const stdout = output()
    const stderr = output()
    const controller = new AbortController()
    const running = runCli(['build', 'notes', '--out', 'out', '--combine', 'Library', '--watch'], {cwd: dir, stdout: stdout.write, stderr: stderr.write, signal: controller.signal})
    await stderr.until(/Watching 2 files for changes/)
    expect(stdout.text).toMatch(/total: 2 cards: 2 added, 0 errors, 0 warnings\n$/)
    const before = await readApkg(readFileSync(path.join(dir, 'out/Library.apkg')))
    const otherJson = readFileSync(path.join(dir, 'out/b.json'))
    const otherTime = statSync(path.join(dir, 'out/b.json')).mtimeMs

    stdout.mark()
    writeFileSync(path.join(dir, 'notes/a.md'), good.replace('It works fast.', 'It works within hours.'))
    const rebuilt = await stdout.until(/total: .*\n$/)
    expect(rebuilt).toContain('notes/a.md → out/a.json, out/Library.apkg\n  1 card: 1 updated\n')
    expect(rebuilt).toContain('notes/b.md → out/b.json, out/Library.apkg\n  1 card: 1 unchanged\n')
    expect(rebuilt).toMatch(/total: 2 cards: 1 updated, 1 unchanged, 0 errors, 0 warnings\n$/)
    const after = await readApkg(readFileSync(path.join(dir, 'out/Library.apkg')))
    // The same notes (ids and GUIDs), one of them with its new answer.
    expect(after.notes.map((note) => [note.id, note.guid])).toEqual(before.notes.map((note) => [note.id, note.guid]))
    expect(after.notes.map((note) => String(note.flds).split('\u001f')[1]).sort()).toEqual(['<p>Because b.</p>', '<p>It works within hours.</p>'])
    expect(readFileSync(path.join(dir, 'out/b.json'))).toEqual(otherJson)
    expect(statSync(path.join(dir, 'out/b.json')).mtimeMs).toBe(otherTime)

    controller.abort()
    expect(await running).toBe(0)
  })

  it('stops on SIGINT with exit status 0 and no stack trace', {timeout: 60_000}, async () => {
    const cli = builtCli()
    const dir = temporaryFolder('studydeck-watch-signal-')
    writeFileSync(path.join(dir, 'a.md'), good)
    const child = spawn(process.execPath, [cli, 'build', 'a.md', '--watch', '--format', 'json'], {cwd: dir, stdio: ['ignore', 'pipe', 'pipe']})
    const stderr = output()
    child.stderr.setEncoding('utf8').on('data', stderr.write)
    child.stdout.resume()
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await stderr.until(/Watching 1 file/)
    child.kill('SIGINT')
    expect(await exit).toBe(0)
    expect(stderr.text).toMatch(/Stopped watching\n$/)
    expect(stderr.text).not.toMatch(/\n\s+at /)
  })
})
