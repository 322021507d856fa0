// Command emuload is a bounded load on an IVS Real-Time emulator, in plain
// HTTP: -w workers for -d (or -max calls in all, whichever comes first),
// each calling in turn CreateParticipantToken, ListParticipants (two pages
// of 100) and GetStage on the stages of the first ListStages page. It
// prints the calls made and the ones that failed on the transport.
//
//	go build -o /tmp/emuload ./scripts/emuload
//	/tmp/emuload -url http://127.0.0.1:4566 -d 30s -w 8
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:4566", "the emulator's endpoint")
	dur := flag.Duration("d", 30*time.Second, "how long to load it")
	workers := flag.Int("w", 8, "calls in flight at once")
	maxCalls := flag.Int64("max", 400000, "at most this many calls")
	flag.Parse()
	post := func(op string, body any) (map[string]any, error) {
		b, _ := json.Marshal(body)
		resp, err := http.Post(*url+"/"+op, "application/json", bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		var m map[string]any
		_ = json.Unmarshal(data, &m)
		return m, nil
	}
	st, err := post("ListStages", map[string]any{"maxResults": 100})
	if err != nil {
		fmt.Fprintln(os.Stderr, "emuload:", err)
		os.Exit(1)
	}
	stages, _ := st["stages"].([]any)
	var arns []string
	for _, s := range stages {
		if m, ok := s.(map[string]any); ok {
			if arn, ok := m["arn"].(string); ok {
				arns = append(arns, arn)
			}
		}
	}
	if len(arns) == 0 {
		fmt.Fprintln(os.Stderr, "emuload: the emulator lists no stage (run it with --simulate)")
		os.Exit(1)
	}
	type sess struct{ stage, id string }
	var sessions []sess
	for _, a := range arns {
		m, _ := post("ListStageSessions", map[string]any{"stageArn": a})
		if ss, ok := m["stageSessions"].([]any); ok {
			for _, s := range ss {
				if m, ok := s.(map[string]any); ok {
					if id, ok := m["sessionId"].(string); ok {
						sessions = append(sessions, sess{a, id})
					}
				}
			}
		}
	}
	fmt.Println("stages", len(arns), "sessions", len(sessions))
	var calls, errs atomic.Int64
	deadline := time.Now().Add(*dur)
	var wg sync.WaitGroup
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline) && calls.Add(1) <= *maxCalls; i++ {
				a := arns[(i+w)%len(arns)]
				var err error
				switch i % 3 {
				case 0:
					_, err = post("CreateParticipantToken", map[string]any{"stageArn": a, "userId": fmt.Sprintf("load-%d-%d", w, i), "attributes": map[string]string{"k": "v"}})
				case 1:
					if len(sessions) > 0 {
						s := sessions[(i+w)%len(sessions)]
						var m map[string]any
						m, err = post("ListParticipants", map[string]any{"stageArn": s.stage, "sessionId": s.id, "maxResults": 100})
						if tok, ok := m["nextToken"].(string); ok && err == nil {
							_, err = post("ListParticipants", map[string]any{"stageArn": s.stage, "sessionId": s.id, "maxResults": 100, "nextToken": tok})
						}
					}
				case 2:
					_, err = post("GetStage", map[string]any{"arn": a})
				}
				if err != nil {
					errs.Add(1)
				}
			}
		}(w)
	}
	wg.Wait()
	fmt.Println("calls", calls.Load(), "errors", errs.Load())
}
