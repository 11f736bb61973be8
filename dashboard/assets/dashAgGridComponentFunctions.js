// Cell renderers for dash-ag-grid (looked up by name from a column's "cellRenderer").
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

// A model's launches per month as a small line, every row on the same months (from → to), each
// scaled to its own peak: the shape of use over time, with the peak and span said in words for
// screen readers and as a tooltip.
dagcomponentfuncs.Sparkline = function (props) {
    const series = props.value;
    if (!series || !series.launched || !series.launched.length) {
        return null;
    }
    const values = series.launched;
    const width = 120, height = 22, pad = 2;
    const peak = Math.max(...values);
    const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
    const points = values
        .map((v, i) => `${(pad + i * step).toFixed(1)},${(height - pad - (peak ? (v / peak) * (height - 2 * pad) : 0)).toFixed(1)}`)
        .join(" ");
    const busiest = series.from && peak ? values.indexOf(peak) : -1;
    let said = `launched per month, ${series.from} to ${series.to}: none`;
    if (busiest >= 0) {
        const [year, month] = series.from.split("-").map(Number);
        const when = new Date(Date.UTC(year, month - 1 + busiest, 1)).toISOString().slice(0, 7);
        said = `launched per month, ${series.from} to ${series.to}; peak ${peak.toLocaleString("en")} in ${when}`;
    }
    return React.createElement(
        "svg",
        {
            viewBox: `0 0 ${width} ${height}`,
            preserveAspectRatio: "none",
            style: { width: "100%", height: height + "px", display: "block", marginTop: "10px" },
            role: "img",
            "aria-label": said,
            className: "sparkline",
        },
        React.createElement("title", null, said),
        React.createElement("polyline", {
            points: points,
            fill: "none",
            stroke: "#1f2933",
            strokeWidth: 1.2,
            vectorEffect: "non-scaling-stroke",
        })
    );
};
