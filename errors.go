package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ivsdash/ivsdash/service"
)

// failure is an error in the words every command reports it with.
type failure struct {
	what string // what went wrong
	fix  string // what to do about it; "" when there is nothing better than reading what
}

func describe(err error) failure {
	var se *service.Error
	if errors.As(err, &se) {
		return failure{what: se.Human(), fix: se.Hint()}
	}
	return failure{what: err.Error()}
}

// text is `<cmd>: what went wrong`, then the fix on a line of its own.
func (f failure) text(cmd string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", cmd, f.what)
	if f.fix != "" {
		fmt.Fprintf(&b, "  fix: %s\n", f.fix)
	}
	return b.String()
}

// commandError prints a failure of a subcommand on stderr and returns exit
// code 1.
func commandError(stderr io.Writer, cmd string, err error) int {
	fmt.Fprint(stderr, describe(err).text("ivsdash "+cmd))
	return 1
}
