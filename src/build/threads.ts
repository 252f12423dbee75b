import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {FileJob, FileOutcome} from './job.js'

const workerScript = new URL('./worker.js', import.meta.url)

/**
 * Young generation of a worker's heap, in MB (V8's default is 16–48).
 * Parsing makes a great many short-lived objects; with room for them,
 * fewer are copied and promoted, and a build spends a tenth less time in
 * the garbage collector, for a few hundred MB more at the peak.
 */
const youngGeneration = 192

/**
 * A document this large (in characters) is built in a worker thread of its
 * own, whose heap is capped (`largeDocumentHeap`): about 50,000 cards.
 */
export const ownWorkerFrom = 8 * 1024 * 1024

/**
 * Old generation of a large document's worker, in MB. V8 lets a heap grow
 * to as much as four times what survived its last full collection before
 * it collects again; under 2 GB, to at most twice. Parsing a large document
 * makes garbage at a great rate, so this halves its peak (a 49.6 MB
 * document: 1.07 → 0.59 GB while it is parsed), for little time. A document
 * that needs more is an error of its own, not the end of the build.
 */
export const largeDocumentHeap = 2047

/** Whether a job is built in a worker of its own (not when the code runs from TypeScript sources: no `worker.js`). */
export function needsOwnWorker(job: FileJob, from = ownWorkerFrom): boolean {
  return job.text.length >= from && existsSync(fileURLToPath(workerScript))
}

/**
 * Build one large document in a worker thread of its own, with a capped
 * heap; `undefined` when it ran out of that memory.
 */
export async function buildInOwnWorker(job: FileJob, heap = largeDocumentHeap): Promise<FileOutcome | undefined> {
  const worker = new Worker(workerScript, {resourceLimits: {maxOldGenerationSizeMb: heap}})
  try {
    return await new Promise<FileOutcome | undefined>((resolve, reject) => {
      worker.on('message', (message: {outcome?: FileOutcome; error?: string}) => {
        if (message.error !== undefined) reject(new Error('Building ' + job.entry.path + ' failed in a worker thread: ' + message.error))
        else resolve(message.outcome)
      })
      worker.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? resolve(undefined) : reject(error)))
      worker.on('exit', (code) => reject(new Error('A worker thread stopped (exit code ' + code + ') while building ' + job.entry.path)))
      // The previous build's bytes are handed over, not copied: they are as large as the document's JSON.
      const previous = job.previous
      worker.postMessage(job, previous && previous.byteLength === previous.buffer.byteLength ? [previous.buffer as ArrayBuffer] : [])
      job.previous = undefined
    })
  } finally {
    await worker.terminate()
  }
}

/**
 * Worker threads worth starting for these jobs. Each one loads the whole
 * pipeline first (about 0.2 s), so a few small files are faster without;
 * and there is no worker when the code runs from TypeScript sources
 * (the tests), where `worker.js` does not exist.
 */
export function threadsFor(jobs: FileJob[], wanted?: number): number {
  if (!existsSync(fileURLToPath(workerScript))) return 0
  if (wanted !== undefined) return Math.max(0, Math.min(wanted, jobs.length))
  const bytes = jobs.reduce((sum, job) => sum + job.text.length, 0)
  if (jobs.length < 8 || bytes < 256 * 1024) return 0
  return Math.min(availableParallelism(), jobs.length)
}

/**
 * Run jobs on `threads` workers, one file per task, each worker kept one
 * task ahead so it never waits for the main thread. `done` is called in
 * the order outcomes arrive.
 */
export async function runInThreads(jobs: FileJob[], threads: number, done: (index: number, outcome: FileOutcome) => void): Promise<void> {
  let next = 0
  const workers = Array.from({length: threads}, () => new Worker(workerScript, {resourceLimits: {maxYoungGenerationSizeMb: youngGeneration}}))
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const sent: number[] = []
            const send = () => {
              if (next >= jobs.length) return
              sent.push(next)
              const job = jobs[next++]
              worker.postMessage(job)
              // The worker has its copy of the previous build (`FileJob.previous`, taken when read).
              job.previous = undefined
            }
            worker.on('message', (message: {outcome?: FileOutcome; error?: string}) => {
              const index = sent.shift()!
              if (message.error !== undefined) return reject(new Error('Building ' + jobs[index].entry.path + ' failed in a worker thread: ' + message.error))
              done(index, message.outcome!)
              send()
              if (sent.length === 0) resolve()
            })
            worker.on('error', reject)
            worker.on('exit', (code) => {
              if (sent.length > 0) reject(new Error('A worker thread stopped (exit code ' + code + ') while building ' + jobs[sent[0]].entry.path))
            })
            send()
            send()
            if (sent.length === 0) resolve()
          })
      )
    )
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}
