package ivs_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/ivsdash/ivsdash/service/ivs"
)

func TestPushedCatalogue(t *testing.T) {
	if len(ivs.DetailTypes) != 3 {
		t.Fatalf("detail types %v", ivs.DetailTypes)
	}
	for _, dt := range ivs.DetailTypes {
		if len(ivs.PushedEventNames[dt]) == 0 {
			t.Errorf("%s has no event names", dt)
		}
	}
	for _, name := range ivs.PushedEventNames[ivs.DetailStageUpdate] {
		ev := ivs.ParticipantEventOf(name)
		if ev == "" || ivs.StageUpdateOf(ev) != name {
			t.Errorf("%s <-> %q does not round-trip", name, ev)
		}
	}
	for _, never := range []string{ivs.EventJoinError, ivs.EventSubscribeError, ivs.EventJoined} {
		if got := ivs.StageUpdateOf(never); got != "" {
			t.Errorf("%s is never pushed, got %q", never, got)
		}
	}
	if !ivs.IsPushedFailure(ivs.PushedDestinationFailure) || !ivs.IsPushedFailure(ivs.PushedRecordingStartFailure) || ivs.IsPushedFailure(ivs.PushedSessionStart) {
		t.Error("IsPushedFailure")
	}
	if ivs.GroupOf("ReceiveMessage") != ivs.GroupQueue || ivs.GroupQueue.TPS() <= 0 || slices.Contains(ivs.Groups, ivs.GroupQueue) {
		t.Error("the queue group: its own, with a TPS, not among the IVS groups")
	}
}

// The field names of the page's Participant Published example.
func TestStageUpdateFieldNames(t *testing.T) {
	data, err := json.Marshal(ivs.Envelope[ivs.StageUpdateDetail]{Detail: ivs.StageUpdateDetail{EventName: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	for _, k := range []string{"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"} {
		if _, ok := m[k]; !ok {
			t.Errorf("envelope lacks %q", k)
		}
	}
	detail := m["detail"].(map[string]any)
	for _, k := range []string{"session_id", "event_name", "user_id", "participant_id"} {
		if _, ok := detail[k]; !ok {
			t.Errorf("detail lacks %q", k)
		}
	}
}

func TestEveryPushedFailureIsExplained(t *testing.T) {
	for _, names := range ivs.PushedEventNames {
		for _, n := range names {
			meaning, fix := ivs.ExplainPushedFailure(n)
			if ivs.IsPushedFailure(n) != (meaning != "" && fix != "") {
				t.Errorf("%s: failure %v, meaning %q, fix %q", n, ivs.IsPushedFailure(n), meaning, fix)
			}
		}
	}
}
