package ui

import "github.com/ivsdash/ivsdash/service/sanitize"

// Untrusted text is made safe by package sanitize, which the reports use
// too; these keep the rendering code's calls (ui.Sanitize, ...) as they are.

// Sanitize is sanitize.Text.
func Sanitize(s string) string { return sanitize.Text(s) }

// SanitizeTrunc is sanitize.Trunc.
func SanitizeTrunc(s string, width int) string { return sanitize.Trunc(s, width) }

// SanitizeStyled is sanitize.Styled.
func SanitizeStyled(s string) string { return sanitize.Styled(s) }
