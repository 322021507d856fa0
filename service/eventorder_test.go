package service

import (
	"strings"
	"testing"
	"time"
)

func TestSortAndMergeEvents(t *testing.T) {
	now := time.Date(2025, 11, 28, 12, 30, 0, 0, time.UTC)
	a := []Event{{Name: "JOINED", ParticipantID: "a", Time: now.Add(time.Second)}, {Name: "LEFT", ParticipantID: "a", Time: now.Add(5 * time.Second)}}
	b := []Event{{Name: "JOINED", ParticipantID: "b", Time: now}, {Name: "PUBLISH_ERROR", ErrorCode: "X", ParticipantID: "b", Time: now.Add(5 * time.Second)}}
	m := MergeEvents(a, b)
	var got []string
	for _, e := range m {
		got = append(got, e.ParticipantID+":"+e.Name)
	}
	if strings.Join(got, " ") != "b:JOINED a:JOINED a:LEFT b:PUBLISH_ERROR" {
		t.Fatalf("merged order (stable for equal times): %v", got)
	}
	if errs := ErrorEvents(m); len(errs) != 1 || errs[0].ParticipantID != "b" {
		t.Fatalf("ErrorEvents: %+v", errs)
	}
}
