import type {CliIo} from './cli-run.js'
import type {BuildOptions} from './pipeline.js'

export async function preview(_paths: string[], _options: BuildOptions, io: CliIo, _verbose: boolean): Promise<number> {
  io.stderr('studydeck: preview is not available yet\n')
  return 2
}
