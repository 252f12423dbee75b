import {afterAll} from 'vitest'
import {removeTemporaryFolders} from './helpers/temporary.js'

// Run before every test file: what its tests made in the temporary folder goes once they are done.
afterAll(removeTemporaryFolders)
