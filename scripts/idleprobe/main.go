// Command idleprobe is the floor under an idle dashboard's CPU: a Bubble Tea
// program that does nothing but show a fixed 40-line screen whose counter
// changes once a second (as the dashboard's ages do), at a given frame rate.
// Run it in a terminal (or tmux) and read utime+stime from /proc/PID/stat
// over a minute: what it uses, the dashboard cannot go under at that rate.
//
//	go build -o /tmp/idleprobe ./scripts/idleprobe && /tmp/idleprobe 60
//
// Any key quits.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
)

type probe struct{ seconds int }

type tickMsg struct{}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{} })
}

func (p probe) Init() tea.Cmd { return tick() }

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tea.KeyPressMsg:
		return p, tea.Quit
	case tickMsg:
		p.seconds++
		return p, tick()
	}
	return p, nil
}

func (p probe) View() tea.View {
	v := tea.NewView(strings.Repeat("idle for "+strconv.Itoa(p.seconds)+"s\n", 40))
	v.AltScreen = true
	return v
}

func main() {
	fps := 60
	if len(os.Args) > 1 {
		n, err := strconv.Atoi(os.Args[1])
		if err != nil || n < 1 || n > 120 {
			fmt.Fprintln(os.Stderr, "usage: idleprobe [FPS 1-120]")
			os.Exit(2)
		}
		fps = n
	}
	if _, err := tea.NewProgram(probe{}, tea.WithFPS(fps)).Run(); err != nil {
		fmt.Fprintln(os.Stderr, "idleprobe:", err)
		os.Exit(1)
	}
}
