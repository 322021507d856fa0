// The optional configuration file, TOML at
// $XDG_CONFIG_HOME/ivsdash/config.toml (~/.config/ivsdash/config.toml): the
// defaults of the dashboard's flags, per AWS profile too, the favourite
// stages and the colour theme. Flags given on the command line win over it.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/ivsdash/ivsdash/service/pushed"
	"github.com/ivsdash/ivsdash/ui"
)

// configFile is the configuration file. Unset fields leave the built-in defaults.
type configFile struct {
	configSettings
	// Favorites are stage names pinned at the top of the stages pane.
	Favorites []string `toml:"favorites"`
	// Theme is one of ui.Themes ("dark", "light"); "": dark.
	Theme string `toml:"theme"`
	// Profiles override configSettings for one AWS profile ("default" too).
	Profiles map[string]configSettings `toml:"profiles"`
}

// configSettings are the flag defaults the file may set, whole or per profile.
type configSettings struct {
	Interval *configDuration `toml:"interval"`  // "10s"
	Budget   *configBudget   `toml:"budget"`    // as --budget: 0.2 or "0.2,stage=0.1"
	ReadOnly *bool           `toml:"read_only"` // as --read-only
	// EventsQueue is --events-queue: a queue holds one account's and
	// region's events, so it belongs in a [profiles.NAME] section.
	EventsQueue *string `toml:"events_queue"`
}

// configDuration is a TOML string such as "10s" or "1m30s".
type configDuration struct{ time.Duration }

func (d *configDuration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("not a duration such as \"10s\": %q", b)
	}
	d.Duration = v
	return nil
}

// configBudget is --budget's text: a number (0.2) or a string ("0.2,stage=0.1").
type configBudget string

func (b *configBudget) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case string:
		*b = configBudget(x)
	case float64:
		*b = configBudget(strconv.FormatFloat(x, 'g', -1, 64))
	case int64:
		*b = configBudget(strconv.FormatInt(x, 10))
	default:
		return fmt.Errorf("budget: a share such as 0.2 or \"0.2,stage=0.1\", not %v", v)
	}
	return nil
}

// For is the settings in force for profile: the file's, then the
// profile's section over them.
func (f configFile) For(profile string) configSettings {
	s := f.configSettings
	if p, ok := f.Profiles[profile]; ok {
		if p.Interval != nil {
			s.Interval = p.Interval
		}
		if p.Budget != nil {
			s.Budget = p.Budget
		}
		if p.ReadOnly != nil {
			s.ReadOnly = p.ReadOnly
		}
		if p.EventsQueue != nil {
			s.EventsQueue = p.EventsQueue
		}
	}
	return s
}

// configPath is where the file is looked for: $XDG_CONFIG_HOME/ivsdash/config.toml,
// else ~/.config/ivsdash/config.toml; "" when neither is known.
// https://specifications.freedesktop.org/basedir-spec/latest/
func configPath() string {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) { // the spec: relative paths are invalid
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "ivsdash", "config.toml")
}

// loadConfig reads the file at path. No file (or path "") is no error: the zero
// configFile. A malformed one is an error naming the file and the line.
func loadConfig(path string) (configFile, error) {
	var f configFile
	if path == "" {
		return f, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, err
	}
	return parseConfig(path, string(b))
}

// parseConfig reads the text of a file named name (for the errors).
func parseConfig(name, text string) (configFile, error) {
	var f configFile
	md, err := toml.Decode(text, &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return configFile{}, fmt.Errorf("%s: line %d: %s", name, pe.Position.Line, pe.Message)
		}
		return configFile{}, fmt.Errorf("%s: %w", name, err)
	}
	if extra := md.Undecoded(); len(extra) > 0 {
		keys := make([]string, len(extra))
		for i, k := range extra {
			keys[i] = k.String()
		}
		return configFile{}, fmt.Errorf("%s: unknown setting %s (known: interval, budget, read_only, events_queue, favorites, theme, [profiles.NAME])", name, strings.Join(keys, ", "))
	}
	// A queue URL is checked here, per section, so a typo names its line's
	// section rather than surfacing at the :ctx switch that reads it.
	for _, profile := range append([]string{""}, slices.Sorted(maps.Keys(f.Profiles))...) {
		q, where := f.configSettings.EventsQueue, "events_queue"
		if profile != "" {
			q, where = f.Profiles[profile].EventsQueue, "[profiles."+profile+"] events_queue"
		}
		if q == nil {
			continue
		}
		if _, _, err := pushed.ParseQueueURL(*q); err != nil {
			return configFile{}, fmt.Errorf("%s: %s: %w", name, where, err)
		}
	}
	if _, ok := ui.Themes[f.Theme]; f.Theme != "" && !ok {
		themes := slices.Sorted(maps.Keys(ui.Themes))
		return configFile{}, fmt.Errorf("%s: theme %q: choose %s", name, f.Theme, strings.Join(themes, " or "))
	}
	return f, nil
}
