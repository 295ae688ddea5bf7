#include "plot_style.h"

#include <qcustomplot.h>

namespace accelscope::ui {

void applyPlotStyle(QCustomPlot* plot) {
    QFont font = plot->font();
    font.setPointSizeF(9);
    QFont labelFont = font;
    labelFont.setPointSizeF(10);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setTickLabelFont(font);
        axis->setLabelFont(labelFont);
        axis->grid()->setPen(QPen(QColor(200, 200, 200), 0, Qt::DotLine));
        axis->grid()->setSubGridVisible(false);
    }
    plot->legend->setFont(font);
    plot->legend->setBrush(QColor(255, 255, 255, 225));
    plot->legend->setBorderPen(QPen(QColor(160, 160, 160)));
    plot->setAntialiasedElements(QCP::aeAll);
}

void setPlotTitle(QCustomPlot* plot, const QString& title) {
    QCPLayoutGrid* layout = plot->plotLayout();
    if (auto* existing = qobject_cast<QCPTextElement*>(layout->element(0, 0))) {
        existing->setText(title);
        return;
    }
    layout->insertRow(0);
    QFont font = plot->font();
    font.setPointSizeF(11);
    font.setBold(true);
    layout->addElement(0, 0, new QCPTextElement(plot, title, font));
}

QColor seriesColor(int i) {
    // Okabe-Ito's colour-blind-safe palette (without its black and yellow, too faint on white).
    static const QColor colors[] = {QColor(0, 114, 178), QColor(213, 94, 0),   QColor(0, 158, 115),
                                    QColor(204, 121, 167), QColor(86, 180, 233), QColor(230, 159, 0),
                                    QColor(120, 120, 120), QColor(140, 86, 75)};
    constexpr int n = static_cast<int>(sizeof(colors) / sizeof(colors[0]));
    return colors[((i % n) + n) % n];
}

}  // namespace accelscope::ui
