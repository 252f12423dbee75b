/**
 * What the writer's modules share: the tables and indexes it is given, the
 * values in their rows, and a table's schema as read from its CREATE TABLE.
 */

/** A value to store: numbers must be safe integers. */
export type SqlValue = number | string | null

export interface SqliteTable {
  name: string
  /** The CREATE TABLE statement, as SQLite stores it in `sqlite_schema.sql`. */
  sql: string
  /** Position of the `INTEGER PRIMARY KEY` column (the rowid; optional: it is read from `sql`, and checked if given). */
  rowid?: number
  /** Read once, in turn: a generator may make each row as it is asked for (large rows are then never all in memory). */
  rows: Iterable<SqlValue[]>
}

export interface SqliteIndex {
  name: string
  table: string
  /** The CREATE INDEX statement. */
  sql: string
  /** Positions of the indexed columns in the table (optional: read from `sql`, and checked if given). */
  columns?: number[]
}

/** A column's type affinity (datatype3 §3, "Type Affinity"). */
export const enum Affinity {
  Blob,
  Text,
  Numeric,
  Real
}

export interface Column {
  name: string
  affinity: Affinity
  notNull: boolean
}

/** A CREATE TABLE as read: what the rows and the table's indexes need from it. */
export interface TableSchema {
  sql: string
  name: string
  columns: Column[]
  /** The `INTEGER PRIMARY KEY` column, or −1. */
  rowidColumn: number
}
