package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/ivsdash/ivsdash/service/emulator"
)

// runEmulator serves the IVS Real-Time emulator alone until interrupted.
func runEmulator(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ivsdash emulator", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:4566", "address to serve on")
	region := fs.String("region", "us-east-1", "region in ARNs and endpoints")
	account := fs.String("account", "123456789012", "12-digit account id in ARNs")
	simulate := fs.Bool("simulate", false, "run simulated live traffic: stages, a broadcast, errors, a composition")
	seed := fs.Int64("seed", 1, "seed of the simulated traffic")
	noThrottle := fs.Bool("no-throttle", false, "turn off the per-operation AWS quotas (429 past them)")
	participants := fs.Int("participants", 0, "with --simulate: participants in the busiest live session (up to 50000)")
	stages := fs.Int("stages", 0, "with --simulate: stages in the account, the simulation's included (up to 1000, the quota)")
	faults := fs.String("faults", "", "inject faults into AWS operations, e.g. 'error500=0.1;latency=300ms@ListParticipants' (--faults help)")
	help := func(w io.Writer) {
		fmt.Fprintln(w, "ivsdash emulator: a local Amazon IVS Real-Time API (ivs-realtime 2020-07-14) on the real wire protocol")
		fmt.Fprintln(w, "\nUsage: ivsdash emulator [flags]\n\nUse it with any AWS SDK or the AWS CLI:\n  aws ivs-realtime list-stages --endpoint-url http://127.0.0.1:4566\n\nFlags:")
	}
	if err := parseFlags(fs, args, stderr, help); err != nil {
		return badUsage(stderr, fs.Name(), err)
	}
	if *faults == "help" {
		fmt.Fprintln(stdout, emulator.FaultHelp)
		return 0
	}
	emu, err := emulator.Start(ctx, *listen, emulator.Options{
		Region: *region, Account: *account, Simulate: *simulate, Seed: *seed, NoThrottle: *noThrottle,
		Participants: *participants, Stages: *stages, Faults: *faults,
	})
	if err != nil {
		fmt.Fprintln(stderr, "ivsdash emulator:", err)
		return 1
	}
	defer emu.Close()
	fmt.Fprintf(stdout, "IVS Real-Time emulator: region %s, account %s, throttling %s, simulation %s\n",
		*region, *account, onOff(!*noThrottle), onOff(*simulate))
	if *participants > 0 || *stages > 0 {
		fmt.Fprintf(stdout, "scale: %d participants in the busiest session, %d stages\n", *participants, *stages)
	}
	if spec := emu.Faults(); spec != "" {
		fmt.Fprintf(stdout, "faults: %s (change them: POST %s/_emulator/faults {\"spec\": \"...\"})\n", spec, emu.URL())
	}
	fmt.Fprintf(stdout, "endpoint: %s\n", emu.URL())
	fmt.Fprintf(stdout, "ready: aws ivs-realtime list-stages --endpoint-url %s --region %s\n", emu.URL(), *region)
	<-ctx.Done()
	return 0
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
