package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/sanitize"
)

// csvHeader names the columns of the CSV export: one row per event.
var csvHeader = []string{"user_id", "participant_id", "event", "time", "remote_participant_id", "error_code", "meaning", "fix"}

func writeCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("export: writing CSV: %w", err)
	}
	users := userIDs(r)
	row := make([]string, len(csvHeader))
	for _, e := range r.Events {
		var meaning, fix string
		if e.ErrorCode != "" {
			meaning, fix = ivs.ExplainErrorCode(e.ErrorCode)
		}
		fields := [...]string{users[e.ParticipantID], e.ParticipantID, e.Name, rfc3339(e.Time), e.RemoteParticipantID, e.ErrorCode, meaning, fix}
		for i, f := range fields {
			row[i] = csvCell(f)
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("export: writing CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export: writing CSV: %w", err)
	}
	return nil
}

// csvCell makes a value safe for a spreadsheet and a terminal: escape
// sequences and invisible controls are removed (people `cat` CSV files), and
// a cell that a spreadsheet would run as a formula gets a leading quote
// (the OWASP CSV-injection rule: =, +, -, @, tab, CR). Leading spaces are
// looked past, as some spreadsheets trim them before deciding.
func csvCell(s string) string {
	s = sanitize.Text(s)
	t := strings.TrimLeft(s, " ")
	if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}
