package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// parseFlags parses a command's flags. --help prints help on stderr (then
// the error is flag.ErrHelp); any other mistake comes back as a usageError,
// one line in the program's own --flag spelling.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer, help func(io.Writer)) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // the flag package would print the whole usage after every mistake
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		help(stderr)
		printFlags(stderr, fs)
		return err
	case err != nil:
		return usageError{problem: flagProblem(fs, err)}
	case fs.NArg() > 0:
		return usageError{problem: fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// usageError is a mistake on the command line; its fix is the help.
type usageError struct{ problem string }

func (u usageError) Error() string { return u.problem }

// badUsage prints a command-line mistake on one line and returns exit code
// 2 (0 for --help, which is no mistake).
func badUsage(stderr io.Writer, cmd string, err error) int {
	var u usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "%s: %s; see '%s --help'\n", cmd, u.problem, cmd)
	default:
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
	}
	return 2
}

// The flag package's messages, in its single-dash spelling.
var (
	undefinedFlag = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	missingValue  = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	invalidValue  = regexp.MustCompile(`^invalid (boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-+([^:]+): (.*)$`)
)

// flagProblem says what the flag package found wrong in words that name
// the flag as the user types it: `unknown flag --nope`, `--seed x: not a number`.
func flagProblem(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if m := undefinedFlag.FindStringSubmatch(msg); m != nil {
		return "unknown flag --" + m[1]
	}
	if m := missingValue.FindStringSubmatch(msg); m != nil {
		return "--" + m[1] + " needs a value"
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		boolean, name, why := m[1] != "", m[3], m[4]
		value, uerr := strconv.Unquote(m[2])
		if uerr != nil {
			value = m[2]
		}
		switch {
		case boolean:
			return fmt.Sprintf("--%s=%s: give --%s or --%s=false", name, value, name, name)
		case why == "parse error" && isDuration(fs.Lookup(name)):
			why = "not a duration (like 30s, 5m or 1h)"
		case why == "parse error": // a number flag given something else
			why = "not a number"
		case why == "value out of range":
			why = "out of range"
		}
		return fmt.Sprintf("--%s %s: %s", name, value, why)
	}
	return msg
}

// printFlags lists a command's flags as `--name value` with their help,
// in the --flag spelling the README and the messages use.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		placeholder, help := flag.UnquoteUsage(f)
		if placeholder == "value" && isDuration(f) {
			placeholder = "duration"
		}
		line := "  --" + f.Name
		if placeholder != "" {
			line += " " + placeholder
		}
		fmt.Fprintf(w, "%s\n    \t%s", line, strings.ReplaceAll(help, "\n", "\n    \t"))
		switch f.DefValue {
		case "", "0", "false", "0s":
		default:
			if g, ok := f.Value.(flag.Getter); ok && isString(g.Get()) {
				fmt.Fprintf(w, " (default %q)", f.DefValue)
			} else {
				fmt.Fprintf(w, " (default %s)", f.DefValue)
			}
		}
		fmt.Fprintln(w)
	})
}

func isDuration(f *flag.Flag) bool {
	if g, ok := f.Value.(flag.Getter); ok {
		_, ok = g.Get().(time.Duration)
		return ok
	}
	return false
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}
