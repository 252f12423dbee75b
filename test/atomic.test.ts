import {spawn, spawnSync} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, watch, writeFileSync} from 'node:fs'
import path from 'node:path'
import {Ajv} from 'ajv'
import {describe, expect, it} from 'vitest'
import {OutputError, sameFileContents, stageFile, temporaryName, writeAllAtomic, writeAtomic} from '../src/emit/write.js'
import {readApkg} from './helpers/apkg.js'
import {builtCli} from './helpers/dist.js'
import {temporaryFolder} from './helpers/temporary.js'

function folder(): string {
  return temporaryFolder('studydeck-atomic-')
}

function temporaries(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.tmp'))
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'})
  return Number(child.stdout)
}

describe('writeAtomic', () => {
  it('writes through a temporary file beside the target and leaves none behind', () => {
    const dir = folder()
    const target = path.join(dir, 'deep/er/deck.json')
    writeAtomic(target, '{"a":1}\n')
    writeAtomic(target, '{"a":2}\n')
    expect(readFileSync(target, 'utf8')).toBe('{"a":2}\n')
    expect(temporaries(path.dirname(target))).toEqual([])
    expect(path.dirname(temporaryName(target))).toBe(path.dirname(target))
    expect(path.basename(temporaryName(target))).toBe('.deck.json.' + process.pid + '.tmp')
  })

  it('writes a set of files all or nothing: a failure before the renames changes none', () => {
    const dir = folder()
    writeFileSync(path.join(dir, 'deck.json'), 'old json')
    mkdirSync(path.join(dir, 'deck.apkg'))
    let caught: unknown
    try {
      writeAllAtomic([
        {path: path.join(dir, 'deck.json'), data: 'new json'},
        {path: path.join(dir, 'deck.apkg'), data: new Uint8Array([1, 2, 3])}
      ])
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(OutputError)
    expect(String(caught)).toBe('`' + path.join(dir, 'deck.apkg') + '` is a folder, not a file')
    expect(readFileSync(path.join(dir, 'deck.json'), 'utf8')).toBe('old json')
    expect(temporaries(dir)).toEqual([])
  })

  it('renames a file staged beforehand (a package written as it is made) with the rest, and removes it when the set fails', async () => {
    const dir = folder()
    writeFileSync(path.join(dir, 'deck.json'), 'old json')
    writeFileSync(path.join(dir, 'deck.apkg'), 'old apkg')
    const stage = () => stageFile(path.join(dir, 'deck.apkg'), async (temporary) => writeFileSync(temporary, 'new apkg'))
    const staged = await stage()
    expect(staged.staged).toBe(temporaryName(path.join(dir, 'deck.apkg')))
    expect(readFileSync(staged.staged, 'utf8')).toBe('new apkg')
    mkdirSync(path.join(dir, 'blocked'))
    expect(() => writeAllAtomic([staged, {path: path.join(dir, 'blocked'), data: 'x'}])).toThrow(OutputError)
    expect(readFileSync(path.join(dir, 'deck.apkg'), 'utf8')).toBe('old apkg')
    expect(temporaries(dir)).toEqual([])

    writeAllAtomic([{path: path.join(dir, 'deck.json'), data: 'new json'}, await stage()])
    expect(readFileSync(path.join(dir, 'deck.json'), 'utf8')).toBe('new json')
    expect(readFileSync(path.join(dir, 'deck.apkg'), 'utf8')).toBe('new apkg')
    expect(temporaries(dir)).toEqual([])
  })

  it('leaves nothing when staging fails, and says why in words', async () => {
    const dir = folder()
    await expect(
      stageFile(path.join(dir, 'deck.apkg'), async (temporary) => {
        writeFileSync(temporary, 'half')
        throw new Error('disk gone')
      })
    ).rejects.toThrow('disk gone')
    expect(temporaries(dir)).toEqual([])
    mkdirSync(path.join(dir, 'folder.apkg'))
    await expect(stageFile(path.join(dir, 'folder.apkg'), async () => {})).rejects.toThrow('is a folder, not a file')
  })

  it('compares files a piece at a time: same bytes, another length, a late difference, a missing file', () => {
    const dir = folder()
    const big = Buffer.alloc(3 << 20, 7)
    const file = (name: string, data: Uint8Array) => {
      writeFileSync(path.join(dir, name), data)
      return path.join(dir, name)
    }
    const late = Buffer.from(big)
    late[late.length - 1] = 8
    expect(sameFileContents(file('a', big), file('b', Buffer.from(big)))).toBe(true)
    expect(sameFileContents(file('c', big), file('d', late))).toBe(false)
    expect(sameFileContents(file('e', big), file('f', big.subarray(1)))).toBe(false)
    expect(sameFileContents(path.join(dir, 'a'), path.join(dir, 'missing'))).toBe(false)
    expect(sameFileContents(file('g', new Uint8Array()), file('h', new Uint8Array()))).toBe(true)
  })

  it('says which part of the path is a file when the folder cannot be made', () => {
    const dir = folder()
    writeFileSync(path.join(dir, 'taken'), 'x')
    expect(() => writeAtomic(path.join(dir, 'taken/a/b/deck.json'), 'x')).toThrow(expect.objectContaining({name: 'OutputError', message: '`' + path.join(dir, 'taken') + '` is a file, not a folder', path: path.join(dir, 'taken')}))
  })

  it('removes temporary files that killed runs left, and only those', () => {
    const dir = folder()
    const dead = deadPid()
    const stale = path.join(dir, '.deck.json.' + dead + '.tmp')
    const staleOther = path.join(dir, '.other.apkg.' + dead + '.tmp')
    const live = path.join(dir, '.deck.json.' + process.ppid + '.tmp')
    const notOurs = path.join(dir, '.deck.json.tmp')
    for (const file of [stale, staleOther, live, notOurs]) writeFileSync(file, 'half a file')
    writeAtomic(path.join(dir, 'deck.json'), 'whole')
    expect(temporaries(dir).sort()).toEqual([path.basename(live), path.basename(notOurs)].sort())
    expect(readFileSync(path.join(dir, 'deck.json'), 'utf8')).toBe('whole')
  })
})

/** A few MB of notes: `version` changes every answer, so a build changes both outputs. */
function notes(version: string): string {
  const words = 'cell membrane protein enzyme neuron synapse receptor channel gradient vector matrix tensor theorem lemma proof'.split(' ')
  const parts = ['# Big notes\n']
  for (let index = 0; index < 1200; index++) {
    let answer = ''
    for (let word = 0; answer.length < 900; word++) answer += words[(index * 7 + word * 3) % words.length] + (word % 12 === 11 ? '. ' : ' ')
    parts.push(`## Question ${index} about ${words[index % words.length]}?\n\n${version} ${answer.trim()}\n`)
  }
  return parts.join('\n')
}

const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, '../schema/cards.schema.json'), 'utf8'))
const validate = new Ajv({allErrors: true, strict: false}).compile(schema)

/** Both outputs parse, validate and agree. */
async function expectValid(out: string) {
  const json = JSON.parse(readFileSync(path.join(out, 'notes.json'), 'utf8'))
  expect(validate(json), JSON.stringify(validate.errors)).toBe(true)
  const apkg = await readApkg(readFileSync(path.join(out, 'notes.apkg')))
  expect(apkg.notes.map((note) => note.guid)).toEqual(expect.arrayContaining(json.cards.map((card: {id: string}) => card.id)))
  expect(apkg.notes).toHaveLength(json.cards.length)
}

/**
 * Start a build and SIGKILL it the moment its first temporary output file
 * appears (or, failing that, after `fallback` ms). Resolves with how it ended
 * and whether a temporary file was there when the kill was sent.
 */
function buildAndKill(cli: string, dir: string, fallback: number): Promise<{killed: boolean; midWrite: boolean}> {
  return new Promise((resolve, reject) => {
    const out = path.join(dir, 'out')
    const child = spawn(process.execPath, [cli, 'build', 'notes.md', '--out', 'out'], {cwd: dir, stdio: 'ignore', env: {...process.env, CI: '1'}})
    let midWrite = false
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    const watcher = watch(out, (_event, name) => {
      if (name && name.startsWith('.notes.') && name.endsWith('.' + child.pid + '.tmp') && !midWrite) {
        midWrite = true
        kill()
      }
    })
    const timer = setTimeout(kill, fallback)
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      clearTimeout(timer)
      watcher.close()
      resolve({killed: signal === 'SIGKILL', midWrite: midWrite && signal === 'SIGKILL'})
    })
  })
}

describe('a build killed mid-write', () => {
  it('leaves the previous NAME.json and NAME.apkg intact, and the next build cleans up', {timeout: 180_000}, async () => {
    const cli = builtCli()
    const dir = folder()
    const out = path.join(dir, 'out')
    writeFileSync(path.join(dir, 'notes.md'), notes('First'))
    const started = performance.now()
    const first = spawnSync(process.execPath, [cli, 'build', 'notes.md', '--out', 'out'], {cwd: dir, encoding: 'utf8'})
    expect(first.status, first.stdout + first.stderr).toBe(0)
    const before = {json: readFileSync(path.join(out, 'notes.json')), apkg: readFileSync(path.join(out, 'notes.apkg'))}
    expect(before.json.byteLength).toBeGreaterThan(2_000_000)
    // Only if no temporary file ever shows: long after a build should have written.
    const fallback = 5 * (performance.now() - started)

    writeFileSync(path.join(dir, 'notes.md'), notes('Second'))
    let landed = false
    // Each try kills when the first temporary file shows; a kill that lands a little late finds the new outputs complete.
    for (let attempt = 0; attempt < 8 && !landed; attempt++) {
      const {killed, midWrite} = await buildAndKill(cli, dir, fallback)
      const json = readFileSync(path.join(out, 'notes.json'))
      const apkg = readFileSync(path.join(out, 'notes.apkg'))
      if (json.equals(before.json)) {
        // Killed before the renames: the previous pair, byte for byte.
        expect(apkg.equals(before.apkg)).toBe(true)
        if (killed && midWrite) landed = true
      } else {
        // The renames were done when the kill came: the new pair, whole.
        expect(apkg.equals(before.apkg)).toBe(false)
        await expectValid(out)
        writeFileSync(path.join(out, 'notes.json'), before.json)
        writeFileSync(path.join(out, 'notes.apkg'), before.apkg)
      }
    }
    expect(landed, 'no kill landed while the outputs were being written').toBe(true)
    await expectValid(out)
    // The killed run's temporary files are there, and only the next write of the same outputs removes them.
    expect(temporaries(out).length).toBeGreaterThan(0)

    const again = spawnSync(process.execPath, [cli, 'build', 'notes.md', '--out', 'out'], {cwd: dir, encoding: 'utf8'})
    expect(again.status, again.stdout + again.stderr).toBe(0)
    expect(temporaries(out)).toEqual([])
    expect(readFileSync(path.join(out, 'notes.json')).equals(before.json)).toBe(false)
    await expectValid(out)
  })
})
