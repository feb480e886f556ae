package com.precautionfirst.testsupport;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A CSV file with a header row, edited the way someone with a spreadsheet would edit it: a cell changed, cells
 * emptied or swapped between rows, rows removed or moved; written back as RFC 4180 with CRLF. Tests tamper with
 * insurer exports in CSV with it, as an attacker would, rather than through the code that writes them. Rows are
 * counted from 0, the first row after the header.
 */
public final class CsvRows {

    private static final CsvMapper CSV = new CsvMapper();

    private final List<String> header;
    private final List<String[]> rows;

    private CsvRows(List<String> header, List<String[]> rows) {
        this.header = List.copyOf(header);
        this.rows = new ArrayList<>();
        rows.forEach(row -> this.rows.add(row.clone()));
    }

    public static CsvRows parse(String csv) {
        try (MappingIterator<String[]> read = CSV.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(csv)) {
            List<String[]> all = read.readAll();
            return new CsvRows(Arrays.asList(all.get(0)), all.subList(1, all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An independent copy, to tamper with. */
    public CsvRows copy() {
        return new CsvRows(header, rows);
    }

    public int size() {
        return rows.size();
    }

    /** The first row whose cell in {@code column} is {@code value}. */
    public int find(String column, String value) {
        for (int i = 0; i < rows.size(); i++) {
            if (get(i, column).equals(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no row with " + column + " " + value);
    }

    public String get(int row, String column) {
        return rows.get(row)[column(column)];
    }

    public CsvRows set(int row, String column, String value) {
        rows.get(row)[column(column)] = value;
        return this;
    }

    /** Empties these cells of the row. */
    public CsvRows clear(int row, Collection<String> columns) {
        columns.forEach(column -> set(row, column, ""));
        return this;
    }

    /** Swaps these cells of two rows, the rest of each row staying where it is. */
    public CsvRows swap(int one, int other, Collection<String> columns) {
        for (String column : columns) {
            String first = get(one, column);
            set(one, column, get(other, column));
            set(other, column, first);
        }
        return this;
    }

    public CsvRows remove(int row) {
        rows.remove(row);
        return this;
    }

    /** Takes the row out and puts it in at {@code to} (counted after it was taken out). */
    public CsvRows move(int row, int to) {
        rows.add(to, rows.remove(row));
        return this;
    }

    private int column(String name) {
        int column = header.indexOf(name);
        if (column < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + header);
        }
        return column;
    }

    /** The file: the header row, then the rows, each ending in CRLF. */
    @Override
    public String toString() {
        StringWriter out = new StringWriter();
        try (SequenceWriter csv = CSV.writerFor(String[].class)
                .with(CsvSchema.emptySchema().withLineSeparator("\r\n")).writeValues(out)) {
            csv.write(header.toArray(String[]::new));
            for (String[] row : rows) {
                csv.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
