// The session page's chart (ECharts, from its WebJar) and its live updates (server-sent events, decision 0063).
// The chart's data comes from the page (#chart-data, PressureChart on the server); every update brings the live
// part of the page rendered by the server and the chart's new data, so no state is kept here but the chart.
(function () {
    'use strict';
    const palette = ['#0b5cad', '#1d6b35', '#7b3fa0', '#b35900', '#00707a', '#8a1c5c', '#5b5b00', '#3a3a8c'];
    const element = document.getElementById('pressure-chart');
    const chart = echarts.init(element, null, { renderer: 'svg' });

    function label(area) {
        const words = area.replace(/_/g, ' ').toLowerCase();
        return words.charAt(0).toUpperCase() + words.slice(1);
    }

    function option(data) {
        const colors = {};
        const series = [];
        data.lines.forEach(function (line, i) {
            colors[line.area] = palette[i % palette.length];
            const s = {
                name: line.label, type: 'line', step: 'end', data: line.points, symbolSize: 6,
                itemStyle: { color: colors[line.area] }, lineStyle: { width: 3 }
            };
            if (line.limit !== null && line.limit !== undefined) {
                s.markLine = {
                    symbol: 'none', silent: true,
                    label: { formatter: 'limit ' + line.limit + ' ' + line.label, position: 'insideEndTop' },
                    lineStyle: { type: 'dashed', color: colors[line.area], width: 2 },
                    data: [{ yAxis: line.limit, name: 'limit ' + line.label }]
                };
            }
            series.push(s);
        });
        series.push({
            name: 'Client responses', type: 'scatter', symbol: 'circle', symbolSize: 14, z: 5,
            data: data.responses.filter(function (r) { return !r.radiatingPain; }).map(marker),
            itemStyle: { color: '#ffffff', borderColor: '#1b1f24', borderWidth: 2 }
        });
        series.push({
            name: 'Radiating pain', type: 'scatter', symbol: 'triangle', symbolSize: 20, z: 6,
            data: data.responses.filter(function (r) { return r.radiatingPain; }).map(marker),
            itemStyle: { color: '#c2410c', borderColor: '#7d1612', borderWidth: 2 }
        });
        series.push({
            name: 'Refused attempts', type: 'scatter', symbol: 'path://M0,0 L10,10 M10,0 L0,10', symbolSize: 14, z: 6,
            data: data.refusals.map(marker),
            itemStyle: { color: '#a3201a', borderColor: '#a3201a', borderWidth: 3 }
        });
        return {
            animation: false,
            aria: { enabled: true },
            grid: { left: 48, right: 24, top: 48, bottom: 48 },
            legend: { top: 0, type: 'scroll' },
            tooltip: { trigger: 'item', formatter: function (p) {
                return p.data && p.data.text ? p.data.text : p.seriesName + ': ' + p.value[1];
            } },
            xAxis: { type: 'time', min: data.start, max: data.end, name: 'time (UTC)', nameLocation: 'middle', nameGap: 28 },
            yAxis: { type: 'value', min: 0, max: 5, interval: 1, name: 'pressure' },
            series: series
        };
    }

    function marker(m) {
        return { value: [m.at, m.level], text: (m.area ? label(m.area) + ': ' : '') + m.text };
    }

    chart.setOption(option(JSON.parse(document.getElementById('chart-data').textContent)));
    window.addEventListener('resize', function () { chart.resize(); });

    const live = document.getElementById('main').dataset.live;
    if (window.EventSource && live) {
        const version = document.getElementById('live').dataset.version;
        const source = new EventSource(live + '?since=' + encodeURIComponent(version));
        source.addEventListener('session', function (event) {
            const update = JSON.parse(event.data);
            document.getElementById('live').outerHTML = update.html;
            chart.setOption(option(JSON.parse(update.chart)), { replaceMerge: ['series'] });
        });
    }
}());
