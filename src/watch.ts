import type {CliIo} from './cli-run.js'
import type {BuildOptions} from './pipeline.js'

/** Placeholder replaced by the watch implementation. */
export async function watch(_paths: string[], _options: BuildOptions, io: CliIo): Promise<number> {
  io.stderr('studydeck: --watch is not available yet\n')
  return 2
}
