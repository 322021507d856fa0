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
	f := failure{what: se.Human(), fix: commandLineFix(se)}
	if heldBack(se) {
		brief := *se
		brief.Message = ""
		f.what, f.cause = brief.Human(), se.Message
	}
	return f
}

// commandLineFix is the fix in the words of a command run from a shell;
// the service's hints speak of the dashboard (refresh, press p, values
// entered in a form) where the two differ.
func commandLineFix(se *service.Error) string {
	switch se.Kind {
	case service.NotFound:
		return "check the ARN or id and --region (and --profile): it may have been deleted, or live in another region or account"
	case service.Validation:
		return "check the flags' values against the limits IVS documents"
	case service.Conflict:
		return "run the command again once the resource is no longer in use"
	case service.Throttled:
		return "run the command again in a moment, or lower --budget: the quota is shared with production"
	case service.Timeout:
		return "check the network and --endpoint-url, then run the command again"
	case service.Network:
		return "check the network, --region and --endpoint-url, then run the command again"
	}
	return se.Hint()
}

// withoutDemo drops the "or try --demo" clause of a fix, for the commands
// that have no --demo.
func withoutDemo(fix string) string {
	i := strings.Index(fix, "or try --demo")
	if i < 0 {
		return fix
	}
	return strings.TrimRight(fix[:i], ",; ")
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
	noDemo  bool         // the command has no --demo: fixes do not offer it
}

// fail reports err and returns exit code 1.
func (r reporter) fail(err error) int {
	f := describe(err)
	if r.noDemo {
		f.fix = withoutDemo(f.fix)
	}
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
