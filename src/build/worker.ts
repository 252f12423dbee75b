import {parentPort} from 'node:worker_threads'
import {buildFile} from './file.js'
import type {FileJob} from './job.js'

/**
 * A worker thread of a build (`threads.ts`): builds the files it is sent,
 * one after the other, and sends back each outcome (without the document
 * objects: their JSON is enough, and much cheaper to send).
 */
let queue = Promise.resolve()
parentPort?.on('message', (job: FileJob) => {
  queue = queue.then(async () => {
    try {
      const {document, ...outcome} = await buildFile(job)
      void document
      // The JSON (when not written) is handed over, not copied, when its memory is its own (small ones share Node's pool).
      const json = outcome.json
      parentPort!.postMessage({outcome}, json && json.byteLength === json.buffer.byteLength ? [json.buffer as ArrayBuffer] : [])
    } catch (error) {
      parentPort!.postMessage({error: (error as Error)?.stack ?? String(error)})
    }
  })
})
