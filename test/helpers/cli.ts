import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import type {CliIo} from '../../src/cli/io.js'
import {runCli} from '../../src/cli/run.js'
import {temporaryFolder} from './temporary.js'

/** Run the command line in-process, capturing what it prints. */
export async function run(argv: string[], cwd: string, io: Partial<CliIo> = {}) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), ...io})
  return {code, stdout, stderr}
}

/** A fresh temporary folder holding `files` (paths relative to it). */
export function workspace(files: Record<string, string | Uint8Array>, prefix = 'studydeck-test-'): string {
  const dir = temporaryFolder(prefix)
  for (const [name, value] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    writeFileSync(path.join(dir, name), value)
  }
  return dir
}
