package report

import (
	"fmt"
	"io"
	"strings"
)

// Formats are the values Write accepts, in the order a picker shows them.
var Formats = []string{"md", "json", "csv"}

// Write writes r in format: "json", "csv" or "md" (also "markdown").
func Write(w io.Writer, r Report, format string) error {
	switch strings.ToLower(format) {
	case "json":
		return writeJSON(w, r)
	case "csv":
		return writeCSV(w, r)
	case "md", "markdown":
		return writeMarkdown(w, r)
	}
	return fmt.Errorf("export: unknown format %q: choose json, csv or md", truncate(format, 20))
}

// FileName suggests a file name for r in format, built only from the ARN's
// and session id's safe characters so it can go straight to os.Create.
func FileName(r Report, format string) string {
	ext := strings.ToLower(format)
	if ext == "markdown" {
		ext = "md"
	}
	return "ivs-" + fileSafe(r.Stage.ID, 128) + "-" + fileSafe(r.Session.ID, 64) + "." + fileSafe(ext, 8)
}

func fileSafe(s string, n int) string {
	var b strings.Builder
	for _, c := range s {
		if b.Len() >= n {
			break
		}
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
