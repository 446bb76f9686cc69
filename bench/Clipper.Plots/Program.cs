using Clipper.Plots.Cli;

return PlotCommand.Run(args);
