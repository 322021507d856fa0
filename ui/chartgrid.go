package ui

import "strings"

// ChartGrid draws charts in a grid of width x height cells: as many columns
// as fit at minWidth cells each (at most cols), rows of equal height (at
// most chartGridMaxHeight: taller says no more), two blank cells between
// columns. Charts that do not fit at five lines each
// are left out: the caller says so (ChartGridFits tells how many fit).
func ChartGrid(st *Styles, charts []Chart, width, height, cols, minWidth int) string {
	n, perRow, rowH := chartGridLayout(len(charts), width, height, cols, minWidth)
	if n == 0 {
		return ""
	}
	colW := (width - 2*(perRow-1)) / perRow
	var rows []string
	for first := 0; first < n; first += perRow {
		cells := make([][]string, 0, perRow)
		for i := first; i < min(first+perRow, n); i++ {
			cells = append(cells, strings.Split(Fit(charts[i].Render(st, colW, rowH), colW, rowH), "\n"))
		}
		for line := range rowH {
			parts := make([]string, len(cells))
			for j, cell := range cells {
				parts[j] = cell[line]
			}
			rows = append(rows, strings.TrimRight(strings.Join(parts, "  "), " "))
		}
	}
	return strings.Join(rows, "\n")
}

// ChartGridFits is how many of n charts ChartGrid draws in that space.
func ChartGridFits(n, width, height, cols, minWidth int) int {
	fit, _, _ := chartGridLayout(n, width, height, cols, minWidth)
	return fit
}

// chartGridLayout chooses the charts drawn, the columns and the rows' height.
func chartGridLayout(n, width, height, cols, minWidth int) (fit, perRow, rowH int) {
	const minHeight = 5
	if n == 0 || width < minWidth || height < minHeight {
		return 0, 0, 0
	}
	perRow = max(1, min(cols, n, (width+2)/(minWidth+2)))
	rowsNeeded := (n + perRow - 1) / perRow
	rowsFit := min(rowsNeeded, height/minHeight)
	fit = min(n, rowsFit*perRow)
	return fit, perRow, min(height/rowsFit, chartGridMaxHeight)
}

// chartGridMaxHeight is the tallest a chart of a grid is drawn.
const chartGridMaxHeight = 16
