import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

const made: string[] = []

/**
 * A new folder in the system's temporary folder, removed with everything in
 * it once the tests of the file that made it are done
 * (`removeTemporaryFolders`, run after each test file by `test/setup.ts`).
 */
export function temporaryFolder(prefix = 'studydeck-test-'): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix))
  made.push(folder)
  return folder
}

/** Remove the folders `temporaryFolder` made (a browser or a killed build may still be letting go of a file: a few tries). */
export function removeTemporaryFolders(): void {
  for (const folder of made.splice(0)) rmSync(folder, {recursive: true, force: true, maxRetries: 5, retryDelay: 100})
}
