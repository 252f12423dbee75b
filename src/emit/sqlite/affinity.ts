/**
 * Type affinity: a column's affinity from its declared type, and values
 * converted as SQLite converts them on INSERT (numbers as text, text as numbers).
 * https://www.sqlite.org/datatype3.html#type_affinity
 */
import {Real, type Stored} from './record.js'
import {Affinity, type Column, type SqlValue} from './types.js'

/** datatype3 §3.1 "Determination Of Column Affinity", its five rules in order. */
export function affinityOf(type: string): Affinity {
  if (type.includes('INT')) return Affinity.Numeric
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return Affinity.Text
  if (type.includes('BLOB') || type === '') return Affinity.Blob
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return Affinity.Real
  return Affinity.Numeric
}

/** The row's values after affinity: the row itself when none changes, as for most rows. */
export function withAffinities(row: SqlValue[], columns: Column[], rowidColumn: number, table: string): Stored[] {
  let stored: Stored[] = row
  for (let column = 0; column < row.length; column++) {
    const value = row[column]
    const converted = withAffinity(value, columns[column], column !== rowidColumn, table)
    if (converted !== value) {
      if (stored === row) stored = row.slice()
      stored[column] = converted
    }
  }
  return stored
}

/**
 * A value converted as SQLite's column affinity would on INSERT (datatype3,
 * "Type Affinity"): TEXT columns store numbers as text; INTEGER, NUMERIC and
 * REAL columns store text that is a well-formed number as that number
 * (an integer if it has an exact one), other text as is.
 */
function withAffinity(value: SqlValue, column: Column, checkNull: boolean, table: string): Stored {
  if (value === null) {
    if (column.notNull && checkNull) throw new Error('Table ' + table + ': NULL in NOT NULL column ' + column.name)
    return null
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('Table ' + table + ', column ' + column.name + ': not a safe integer: ' + value)
    if (column.affinity === Affinity.Text) return String(value)
    return column.affinity === Affinity.Real ? realColumnInteger(value) : value
  }
  if (typeof value !== 'string') throw new TypeError('Table ' + table + ', column ' + column.name + ': not a number, string or null')
  if (column.affinity === Affinity.Numeric || column.affinity === Affinity.Real) {
    const number = numericText(value)
    if (number !== undefined) return column.affinity === Affinity.Real && typeof number !== 'object' ? realColumnInteger(number) : number
  }
  return value
}

/**
 * A REAL column stores an integral value as an integer while it fits six
 * bytes, as a real beyond (SQLite's OP_MakeRecord, "IntReal").
 */
function realColumnInteger(value: number | bigint): Stored {
  const magnitude = value < 0 ? -value : value
  return magnitude > 0x7fffffffffff ? new Real(Number(value)) : value
}

/**
 * SQLite's text-to-number conversion (sqlite3AtoF, then applyNumericAffinity):
 * optional spaces, sign, digits with an optional decimal point, optional
 * exponent, spaces; at least one digit. An integer if the value is one
 * (pure integers exactly, if they fit 64 bits), else a real. Hexadecimal is not a number here.
 */
const numberPattern = /^[\t\n\v\f\r ]*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?[\t\n\v\f\r ]*$/
const int64Min = -(2n ** 63n)
const int64Max = 2n ** 63n - 1n
const safeMin = BigInt(Number.MIN_SAFE_INTEGER)
const safeMax = BigInt(Number.MAX_SAFE_INTEGER)

function numericText(text: string): number | bigint | Real | undefined {
  const first = text.charCodeAt(0)
  // Most text is not a number: rule it out on its first character.
  if (!(first <= 0x20 || (first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e)) return undefined
  const match = numberPattern.exec(text)
  if (!match || match[2].length + (match[3]?.length ?? 0) === 0) return undefined
  const [, sign, digits, fraction, exponent] = match
  if (fraction === undefined && exponent === undefined) {
    if (digits.length <= 15) return Number(sign + digits) || 0
    const exact = BigInt(sign + digits)
    if (exact >= int64Min && exact <= int64Max) return exact >= safeMin && exact <= safeMax ? Number(exact) : exact
    return new Real(Number(sign + digits))
  }
  const real = Number(sign + (digits || '0') + '.' + (fraction ?? '') + (exponent === undefined ? '' : 'e' + exponent))
  // sqlite3VdbeIntegerAffinity: integral reals strictly inside the 64-bit range become integers.
  if (Number.isInteger(real) && real > -(2 ** 63) && real < 2 ** 63) return Number.isSafeInteger(real) ? real || 0 : BigInt(real)
  return new Real(real)
}
