"""What the terminal shows: Rich renderables and plain listings for tables,
the schedule grid, reports and statistics. Functions here return what to
show; ``cli.common.show`` prints it."""
