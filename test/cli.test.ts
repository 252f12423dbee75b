import {readFileSync, writeFileSync, existsSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {run, workspace} from './helpers/cli.js'

describe('command line', () => {
  it('builds every *.md below a folder, naming outputs after the files', async () => {
    const dir = workspace({'notes/a.md': '# A\n\n## Why?\n\nBecause.\n', 'notes/deep/b.md': '# B\n\n- x: y\n- z: w\n'})
    const result = await run(['build', 'notes', '--out', 'out'], dir)
    expect(result.code).toBe(0)
    for (const name of ['out/a.json', 'out/a.apkg', 'out/deep/b.json', 'out/deep/b.apkg']) expect(existsSync(path.join(dir, name)), name).toBe(true)
  })

  it('writes only the formats asked for', async () => {
    const dir = workspace({'a.md': '# A\n\n## Why?\n\nBecause.\n'})
    expect((await run(['build', 'a.md', '--format', 'json'], dir)).code).toBe(0)
    expect(existsSync(path.join(dir, 'output/a.json'))).toBe(true)
    expect(existsSync(path.join(dir, 'output/a.apkg'))).toBe(false)
    const apkgOnly = await run(['build', 'a.md', '--format', 'apkg', '--out', 'only-apkg'], dir)
    expect(apkgOnly.code).toBe(0)
    expect(apkgOnly.stderr).toContain('no JSON written (--format apkg)')
    expect(existsSync(path.join(dir, 'only-apkg/a.json'))).toBe(false)
  })

  it('prints the report as JSON with --json', async () => {
    const dir = workspace({'a.md': '# A\n\n## Why?\n\nBecause.\n\n## How?\n\nSo.\n'})
    const result = await run(['build', 'a.md', '--json'], dir)
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.files[0]).toMatchObject({source: 'a.md', deck: 'A', outputs: ['output/a.json', 'output/a.apkg'], cards: 2, added: 2, updated: 0, renamed: 0, removed: 0, unchanged: 0, messages: []})
    expect(report.totals).toEqual({cards: 2, added: 2, updated: 0, renamed: 0, removed: 0, unchanged: 2 - 2, errors: 0, warnings: 0})
  })

  it('check reports what would be extracted and writes nothing', async () => {
    const dir = workspace({'a.md': '# A\n\n## Why?\n\nBecause.\n'})
    const result = await run(['check', 'a.md'], dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('1 card: 1 added')
    expect(existsSync(path.join(dir, 'output'))).toBe(false)
  })

  it('exits 1 naming the file when an input cannot be used, and still builds the others', async () => {
    const dir = workspace({'good.md': '# G\n\n## Why?\n\nBecause.\n', 'bad.md': 'x\u0000y'})
    const result = await run(['build', 'good.md', 'bad.md', 'missing.md', '--json'], dir)
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    const messages = report.files.flatMap((file: {messages: unknown[]}) => file.messages)
    expect(messages).toContainEqual(expect.objectContaining({file: 'bad.md', severity: 'error', rule: 'binary-input'}))
    expect(messages).toContainEqual(expect.objectContaining({file: 'missing.md', severity: 'error', rule: 'missing-input'}))
    expect(existsSync(path.join(dir, 'output/good.apkg'))).toBe(true)
    expect(existsSync(path.join(dir, 'output/bad.json'))).toBe(false)
  })

  it('prints file:line:column for content errors', async () => {
    const dir = workspace({'a.md': '---\ntags: [a\n---\n# A\n'})
    const result = await run(['build', 'a.md'], dir)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/a\.md\n\s*\d:\d+\s+error\s+Cannot read front matter/)
  })

  it('exits 2 on usage errors, without a stack trace', async () => {
    const dir = workspace({})
    for (const argv of [['frobnicate'], ['build', '--nope'], ['build', '--format', 'pdf'], ['check', '--watch'], ['check', '--combine', 'x'], []]) {
      const result = await run(argv, dir)
      expect(result.code, argv.join(' ')).toBe(2)
      expect(result.stderr + result.stdout).not.toMatch(/\n\s+at /)
    }
  })

  it('says what is wrong with an option in its own words', async () => {
    const dir = workspace({})
    expect((await run(['build', '--nope'], dir)).stderr).toContain('unknown option `--nope`')
    expect((await run(['build', '--out'], dir)).stderr).toContain('option `--out` needs a value')
    expect((await run(['build', '--json=yes'], dir)).stderr).toContain('option `--json` takes no value')
  })

  it('builds a file named twice once (itself and in its folder)', async () => {
    const dir = workspace({'notes/a.md': '# A\n\n## Why?\n\nBecause.\n'})
    const result = await run(['check', 'notes/a.md', 'notes', '--json'], dir)
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).files.map((file: {source: string}) => file.source)).toEqual(['notes/a.md'])
  })

  it('says when a document gives no card', async () => {
    const dir = workspace({'empty.md': '', 'prose.md': '# Lecture\n\nSome prose.\n'})
    const result = await run(['check', '.'], dir)
    expect(result.code).toBe(0)
    expect(result.stdout.match(/warning\s+No cards in this document/g)).toHaveLength(2)
  })

  it('counts no cards for a file it could not write', async () => {
    const dir = workspace({'broken.md': '---\ntags: [a\n---\n# B\n\n## Why?\n\nBecause.\n', 'good.md': '# G\n\n## How?\n\nSo.\n'})
    const built = await run(['build', '.', '--json'], dir)
    expect(built.code).toBe(1)
    const report = JSON.parse(built.stdout)
    expect(report.files.map((file: {source: string; cards: number; added: number}) => [file.source, file.cards, file.added])).toEqual([
      ['broken.md', 0, 0],
      ['good.md', 1, 1]
    ])
    expect(report.totals).toMatchObject({cards: 1, added: 1, errors: 1})
    const checked = await run(['check', '.'], dir)
    expect(checked.stdout).toContain('broken.md (has errors: see above)')
    expect(checked.stdout).toMatch(/total: 1 card: 1 (added|unchanged), 1 error/)
  })

  it('keeps the previous outputs when a run fails', async () => {
    const dir = workspace({'a.md': '# A\n\n## Why?\n\nBecause.\n'})
    expect((await run(['build', 'a.md'], dir)).code).toBe(0)
    const before = readFileSync(path.join(dir, 'output/a.apkg'))
    writeFileSync(path.join(dir, 'a.md'), Buffer.from([0xff, 0xfe, 0x00]))
    expect((await run(['build', 'a.md'], dir)).code).toBe(1)
    expect(readFileSync(path.join(dir, 'output/a.apkg'))).toEqual(before)
  })
})
