package ivs

import "testing"

func TestConsoleURL(t *testing.T) {
	const stage = "arn:aws:ivs:eu-west-1:123456789012:stage/AbCdEf123456"
	base := "https://eu-west-1.console.aws.amazon.com/ivs/home?region=eu-west-1#/real-time/"
	for _, tc := range []struct {
		name string
		t    ConsoleTarget
		want string
	}{
		{"nothing", ConsoleTarget{}, base + "stages"},
		{"stage", ConsoleTarget{StageARN: stage}, base + "stages/AbCdEf123456"},
		{"session", ConsoleTarget{StageARN: stage, SessionID: "st-XyZ"}, base + "stages/AbCdEf123456/sessions/st-XyZ"},
		{"participant", ConsoleTarget{StageARN: stage, SessionID: "st-XyZ", ParticipantID: "pA1"},
			base + "stages/AbCdEf123456/sessions/st-XyZ/participants/pA1"},
		{"composition", ConsoleTarget{CompositionARN: "arn:aws:ivs:eu-west-1:123456789012:composition/Comp1"},
			base + "compositions/Comp1"},
		{"hostile id escaped", ConsoleTarget{StageARN: stage, SessionID: "a b/#?"},
			base + "stages/AbCdEf123456/sessions/a%20b%2F%23%3F"},
	} {
		if got := ConsoleURL("eu-west-1", tc.t); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	if got := ConsoleURL("", ConsoleTarget{}); got != "https://console.aws.amazon.com/ivs/home?region=#/real-time/stages" {
		t.Errorf("no region: %s", got)
	}
}
