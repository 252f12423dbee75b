/**
 * The package writer's own check (issue 16): were the check across files
 * to let two cards of one package share an id, the build would stop with
 * an error and write no package, never a package holding a GUID twice.
 * Here the check across files is switched off to see it.
 */
import {existsSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it, vi} from 'vitest'
import {build} from '../src/build/pipeline.js'
import {biologyNotes} from './anki/scenario.js'
import {workspace} from './helpers/cli.js'

vi.mock('../src/build/across-files.js', async (original) => ({...(await original<typeof import('../src/build/across-files.js')>()), sharedIds: () => []}))

const folder = workspace({'notes/a.md': biologyNotes('a'), 'notes/b.md': biologyNotes('b')}, 'studydeck-duplicate-')

describe('a GUID twice in one package', () => {
  it('is an error of the build, and no package is written', async () => {
    const results = await build(['notes'], {cwd: folder, out: path.join(folder, 'out'), combine: 'Biology', now: () => 1764000000})
    const errors = results.flatMap((result) => result.file.messages.filter((message) => message.fatal === true))
    expect(errors.map((message) => message.ruleId)).toEqual(['duplicate-guid'])
    expect(errors[0].reason).toContain('share the GUID `b2a4870ba31360a0`')
    expect(existsSync(path.join(folder, 'out/Biology.apkg'))).toBe(false)
  })
})
