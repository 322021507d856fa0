// Command ivsdash is a terminal dashboard for Amazon IVS Real-Time: stages,
// live sessions, participants and their events, compositions, and every other
// operation of the ivs-realtime API. `ivsdash --demo` runs it on an embedded
// emulator of the API with simulated live traffic; `ivsdash emulator` serves
// that emulator alone for the AWS CLI, SDKs and tests.
//
// Each subcommand has its file: dashboard.go, emulator.go, token.go,
// export.go, events.go and serve.go; flags.go holds the flags they share, errors.go how they report
// a failure.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

const usage = `ivsdash: a terminal dashboard for Amazon IVS Real-Time

Usage:
  ivsdash [flags]               the dashboard, on your AWS account (standard AWS configuration chain)
  ivsdash --demo [flags]        the dashboard on an embedded emulator with simulated live traffic
  ivsdash emulator [flags]      serve the IVS Real-Time emulator alone (for the AWS CLI, SDKs, tests)
  ivsdash token --stage ARN     print a participant token (signed locally with --signing-key: no quota)
  ivsdash export --stage ARN    write a session's participants and events for an incident report
  ivsdash events setup --queue-name NAME [--apply]
                                the SQS queue and EventBridge rule that push IVS events to a dashboard
  ivsdash serve [flags]         the dashboard over SSH for a team, one shared poller for every viewer

Run 'ivsdash <command> --help' for a command's flags.

Dashboard flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches the subcommands; it returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "emulator":
			return runEmulator(ctx, args[1:], stdout, stderr)
		case "token":
			return runToken(ctx, args[1:], stdout, stderr)
		case "export":
			return runExport(ctx, args[1:], stdout, stderr)
		case "events":
			return runEvents(ctx, args[1:], stdout, stderr)
		case "serve":
			return runServe(ctx, args[1:], stdout, stderr)
		case "help":
			args = []string{"--help"}
		default:
			return badUsage(stderr, "ivsdash", usageError{fmt.Sprintf("unknown command %q (commands: emulator, token, export, events, serve)", args[0])})
		}
	}
	return runDashboard(ctx, args, stdout, stderr)
}
