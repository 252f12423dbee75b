import {mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'

/**
 * Write a file atomically: to a temporary file beside it, then rename. A
 * failed or interrupted run leaves the previous file as it was.
 */
export function writeAtomic(target: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(target), {recursive: true})
  const temporary = path.join(path.dirname(target), '.' + path.basename(target) + '.' + process.pid + '.tmp')
  try {
    writeFileSync(temporary, data)
    renameSync(temporary, target)
  } catch (error) {
    rmSync(temporary, {force: true})
    throw error
  }
}
