package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/ivsdash/ivsdash/service"
)

// failure is an error in the words every command reports it with.
type failure struct {
	what  string // what went wrong
	fix   string // what to do about it; "" when there is nothing better than reading what
	cause string // the error chain under what, when it says less than the fix
}

func describe(err error) failure {
	var se *service.Error
	if !errors.As(err, &se) {
		return failure{what: err.Error()}
	}
	f := failure{what: se.Human(), fix: se.Hint()}
	if heldBack(se) {
		brief := *se
		brief.Message = ""
		f.what, f.cause = brief.Human(), se.Message
	}
	return f
}

// heldBack reports whether an error's message is the AWS SDK's chain of
// credential providers ("failed to refresh cached credentials, no EC2 IMDS
// role found, operation error ec2imds: …"): the fix says what to do, and
// the chain is for --log.
func heldBack(se *service.Error) bool {
	switch se.Kind {
	case service.MissingCredentials, service.ExpiredCredentials:
		return se.Message != "" && errors.Unwrap(se.Err) != nil
	}
	return false
}

// reporter prints a command's failures on stderr: `<cmd>: what went wrong`,
// then the fix on a line of its own; with --log, the error chain under it
// too, which the log also gets.
type reporter struct {
	cmd     string
	stderr  io.Writer
	logger  *slog.Logger // --log's, or nil
	tryDemo bool         // a connection failed: suggest --demo when the fix does not already
}

// fail reports err and returns exit code 1.
func (r reporter) fail(err error) int {
	f := describe(err)
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", r.cmd, f.what)
	if f.fix != "" {
		fmt.Fprintf(&b, "  fix: %s\n", f.fix)
	}
	if r.tryDemo && !strings.Contains(f.fix, "--demo") {
		b.WriteString("  or try the dashboard without an AWS account: ivsdash --demo\n")
	}
	if r.logger != nil {
		r.logger.Error(r.cmd+" failed", "err", err.Error())
		if f.cause != "" {
			fmt.Fprintf(&b, "  cause: %s\n", f.cause)
		}
	}
	fmt.Fprint(r.stderr, b.String())
	return 1
}
