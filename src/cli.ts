#!/usr/bin/env node
import {runCli} from './cli/run.js'

// The process edge: the one place that sets the exit status.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !process.env.CI,
  isTTY: Boolean(process.stderr.isTTY),
  columns: process.stderr.columns
})
